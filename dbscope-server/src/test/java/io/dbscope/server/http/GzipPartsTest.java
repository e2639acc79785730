package io.dbscope.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

/** The CRC of two texts from theirs ({@link GzipParts#combine}), against the JDK's CRC of both. */
class GzipPartsTest {
  @Test
  void twoCrcsCombineIntoTheCrcOfBothTextsOneAfterTheOther() {
    Random random = new Random(7);
    int[] lengths = {0, 1, 2, 3, 7, 8, 255, 256, 65_536, 1_000_003};
    for (int first : lengths) {
      for (int second : lengths) {
        byte[] a = new byte[first];
        byte[] b = new byte[second];
        random.nextBytes(a);
        random.nextBytes(b);
        CRC32 both = new CRC32();
        both.update(a);
        both.update(b);
        assertThat(GzipParts.combine(crc(a), crc(b), b.length))
            .as("%d then %d bytes", first, second)
            .isEqualTo(both.getValue());
      }
    }
  }

  private static long crc(byte[] bytes) {
    CRC32 c = new CRC32();
    c.update(bytes);
    return c.getValue();
  }
}
