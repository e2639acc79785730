package io.dbscope.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy on a loopback port in front of a real server, for fault tests: it passes traffic
 * through, adds latency, black-holes (accepts and never answers), resets connections mid-stream, or
 * refuses connections. The mode can change at any time and applies to open connections too.
 *
 * <pre>{@code
 * try (FaultProxy proxy = FaultProxy.to("127.0.0.1", pg.port())) {
 *   proxy.mode(FaultProxy.Mode.BLACK_HOLE);   // the datasource now points at proxy.port()
 * }
 * }</pre>
 */
public final class FaultProxy implements AutoCloseable {
  /** What the proxy does with traffic. */
  public enum Mode {
    PASS,
    LATENCY,
    BLACK_HOLE,
    RESET,
    REFUSE
  }

  private final String targetHost;
  private final int targetPort;
  private final int port;
  private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
  private volatile Mode mode = Mode.PASS;
  private volatile Duration latency = Duration.ZERO;
  private volatile ServerSocket server;
  private volatile boolean closed;

  private FaultProxy(String targetHost, int targetPort) {
    this.targetHost = targetHost;
    this.targetPort = targetPort;
    this.port = FreePort.find();
    listen();
  }

  public static FaultProxy to(String host, int port) {
    return new FaultProxy(host, port);
  }

  public int port() {
    return port;
  }

  /** Client connections currently open through the proxy. */
  public int openConnections() {
    return sockets.size() / 2;
  }

  public Mode mode() {
    return mode;
  }

  /** Switches the fault; RESET and REFUSE also cut every open connection at once. */
  public synchronized FaultProxy mode(Mode m) {
    Mode before = mode;
    mode = m;
    if (m == Mode.RESET || m == Mode.REFUSE) {
      resetAll();
    }
    if (m == Mode.REFUSE && server != null) {
      closeQuietly(server);
      server = null;
    } else if (before == Mode.REFUSE && m != Mode.REFUSE) {
      listen();
    }
    return this;
  }

  public FaultProxy latency(Duration d) {
    latency = d;
    return mode(Mode.LATENCY);
  }

  private synchronized void listen() {
    try {
      ServerSocket s = new ServerSocket();
      s.setReuseAddress(true);
      s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 128);
      server = s;
      Thread.ofVirtual().name("fault-proxy-accept-" + port).start(() -> acceptLoop(s));
    } catch (IOException e) {
      throw new UncheckedIOException("fault proxy cannot listen on " + port, e);
    }
  }

  private void acceptLoop(ServerSocket s) {
    while (!closed && !s.isClosed()) {
      try {
        Socket client = s.accept();
        sockets.add(client);
        if (mode == Mode.BLACK_HOLE) {
          // Accept and hold: the client's bytes go nowhere, nothing comes back.
          Thread.ofVirtual().start(() -> drain(client));
          continue;
        }
        Socket upstream = new Socket();
        try {
          upstream.connect(new InetSocketAddress(targetHost, targetPort), 5000);
        } catch (IOException e) {
          sockets.remove(client);
          closeQuietly(client);
          continue;
        }
        sockets.add(upstream);
        Thread.ofVirtual().start(() -> pump(client, upstream));
        Thread.ofVirtual().start(() -> pump(upstream, client));
      } catch (IOException e) {
        return;
      }
    }
  }

  private void drain(Socket client) {
    try (InputStream in = client.getInputStream()) {
      byte[] buf = new byte[8192];
      while (in.read(buf) >= 0) {
        // discard
      }
    } catch (IOException e) {
      // closed
    } finally {
      sockets.remove(client);
      closeQuietly(client);
    }
  }

  private void pump(Socket from, Socket to) {
    byte[] buf = new byte[16384];
    try (InputStream in = from.getInputStream();
        OutputStream out = to.getOutputStream()) {
      int n;
      while ((n = in.read(buf)) >= 0) {
        while (mode == Mode.BLACK_HOLE && !closed) {
          Thread.sleep(20);
        }
        if (mode == Mode.LATENCY && !latency.isZero()) {
          Thread.sleep(latency);
        }
        out.write(buf, 0, n);
        out.flush();
      }
    } catch (IOException | InterruptedException e) {
      // One side went away; close both below.
    } finally {
      sockets.remove(from);
      sockets.remove(to);
      closeQuietly(from);
      closeQuietly(to);
    }
  }

  private void resetAll() {
    for (Socket s : sockets) {
      try {
        s.setSoLinger(true, 0);
      } catch (SocketException e) {
        // already closed
      }
      closeQuietly(s);
    }
    sockets.clear();
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception e) {
      // nothing to do
    }
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (server != null) {
      closeQuietly(server);
    }
    resetAll();
  }
}
