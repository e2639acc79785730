package io.dbscope.server.security;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The few DER reads that PKCS#1 and SEC1 keys need: the elements of one top-level SEQUENCE.
 *
 * @param size bytes of the whole element (tag, length and content)
 */
record Der(int tag, byte[] content, int size) {
  static List<Der> sequence(byte[] der, PemSource from) throws WebConfigException {
    try {
      Der outer = read(der, 0);
      if (outer.tag != 0x30) {
        throw new WebConfigException(from + ": the key is not a DER SEQUENCE");
      }
      List<Der> out = new ArrayList<>();
      for (int pos = 0; pos < outer.content.length; ) {
        Der e = read(outer.content, pos);
        out.add(e);
        pos += e.size;
      }
      return out;
    } catch (IndexOutOfBoundsException e) {
      throw new WebConfigException(from + ": the key's DER encoding is truncated");
    }
  }

  private static Der read(byte[] b, int pos) {
    int tag = b[pos] & 0xff;
    int len = b[pos + 1] & 0xff;
    int header = 2;
    if (len >= 0x80) {
      int n = len & 0x7f;
      if (n == 0 || n > 3) {
        throw new IndexOutOfBoundsException("unsupported DER length");
      }
      len = 0;
      for (int i = 0; i < n; i++) {
        len = (len << 8) | (b[pos + 2 + i] & 0xff);
      }
      header += n;
    }
    if (pos + header + len > b.length) {
      throw new IndexOutOfBoundsException("truncated");
    }
    return new Der(tag, Arrays.copyOfRange(b, pos + header, pos + header + len), header + len);
  }
}
