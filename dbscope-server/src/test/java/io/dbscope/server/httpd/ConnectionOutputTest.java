package io.dbscope.server.httpd;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * What reaches the socket, write by write: headers and a body that fit in {@value
 * ConnectionOutput#COALESCED} bytes leave together, a larger body on its own, and every byte in
 * order whatever the sizes.
 */
class ConnectionOutputTest {
  /** The socket's side: each write it was handed, as its length, and all bytes in order. */
  private static final class Socket extends ByteArrayOutputStream {
    final List<Integer> writes = new ArrayList<>();
    int flushes;

    @Override
    public synchronized void write(byte[] b, int off, int len) {
      writes.add(len);
      super.write(b, off, len);
    }

    @Override
    public void flush() {
      flushes++;
    }
  }

  @Test
  void headersAndABodyOfTwentyKilobytesLeaveInOneWrite() throws IOException {
    Socket socket = new Socket();
    ConnectionOutput out = new ConnectionOutput(socket);
    out.write(new byte[158]);
    out.write(new byte[20_000]);
    assertThat(socket.writes).isEmpty();
    out.flush();
    assertThat(socket.writes).containsExactly(20_158);
    assertThat(socket.flushes).isEqualTo(1);
    // The grown buffer stays for the connection's next answer.
    out.write(new byte[158]);
    out.write(new byte[30_000]);
    out.flush();
    assertThat(socket.writes).containsExactly(20_158, 30_158);
  }

  @Test
  void aBodyLargerThanWhatIsCoalescedGoesOutAfterTheHeaders() throws IOException {
    Socket socket = new Socket();
    ConnectionOutput out = new ConnectionOutput(socket);
    out.write(new byte[158]);
    out.write(new byte[ConnectionOutput.COALESCED]);
    out.flush();
    assertThat(socket.writes).containsExactly(158, ConnectionOutput.COALESCED);
  }

  @Test
  void smallWritesWaitForTheFlush() throws IOException {
    Socket socket = new Socket();
    ConnectionOutput out = new ConnectionOutput(socket);
    for (int i = 0; i < 100; i++) {
      out.write('x');
      out.write(new byte[10]);
    }
    assertThat(socket.writes).isEmpty();
    out.flush();
    assertThat(socket.writes).containsExactly(1_100);
    out.flush();
    assertThat(socket.writes).containsExactly(1_100);
  }

  @Test
  void everyByteArrivesInOrderWhateverTheSizes() throws IOException {
    Random random = new Random(7);
    Socket socket = new Socket();
    ConnectionOutput out = new ConnectionOutput(socket);
    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    int[] sizes = {0, 1, 8191, 8192, 8193, 65_535, 65_536, 65_537, 200_000};
    for (int round = 0; round < 200; round++) {
      int size =
          round % 3 == 0 ? sizes[random.nextInt(sizes.length)] : random.nextInt(1 + (1 << 17));
      byte[] b = new byte[size + 3];
      random.nextBytes(b);
      if (size % 5 == 0) {
        out.write(b[1]);
        expected.write(b[1]);
      } else {
        out.write(b, 2, size);
        expected.write(b, 2, size);
      }
      if (random.nextInt(4) == 0) {
        out.flush();
      }
    }
    out.flush();
    assertThat(socket.toByteArray()).isEqualTo(expected.toByteArray());
    assertThat(socket.writes).allMatch(n -> n > 0);
  }
}
