package io.dbscope.cluster;

import io.dbscope.core.engine.DatasourceState;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The states of one datasource in one Redis value: a version, then {@code id, length, bytes} per
 * {@link DatasourceState}. A state missing from the blob, or a blob of another version, restores as
 * empty (a new baseline).
 */
final class StateBlob {
  private static final int VERSION = 1;

  private StateBlob() {}

  static byte[] export(List<DatasourceState> states) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      DataOutputStream out = new DataOutputStream(bytes);
      out.writeInt(VERSION);
      out.writeInt(states.size());
      for (DatasourceState s : states) {
        byte[] b = s.exportState();
        out.writeUTF(s.stateId());
        out.writeInt(b.length);
        out.write(b);
      }
      out.flush();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Restores each state from {@code blob}, or empties it when the blob has nothing for it. */
  static void restore(List<DatasourceState> states, byte[] blob) {
    Map<String, byte[]> parts = parts(blob);
    for (DatasourceState s : states) {
      s.restoreState(parts.getOrDefault(s.stateId(), new byte[0]));
    }
  }

  private static Map<String, byte[]> parts(byte[] blob) {
    Map<String, byte[]> parts = new HashMap<>();
    if (blob == null || blob.length == 0) {
      return parts;
    }
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(blob))) {
      if (in.readInt() != VERSION) {
        return parts;
      }
      int n = in.readInt();
      for (int i = 0; i < n; i++) {
        String id = in.readUTF();
        byte[] b = new byte[in.readInt()];
        in.readFully(b);
        parts.put(id, b);
      }
    } catch (IOException | RuntimeException e) {
      parts.clear(); // a damaged blob is a new baseline, never a half-restored state
    }
    return parts;
  }
}
