package io.dbscope.server.httpd;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;

import com.sun.net.httpserver.Authenticator;
import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection of a {@link Listener}, served on one (virtual) thread: its TLS handshake,
 * then one request after another, each through its context's filters and handler, until the client
 * closes it, asks to, stays idle too long or sends what this server will not read.
 */
final class Connection {
  private static final Logger log = LoggerFactory.getLogger(Listener.class);

  /**
   * How long a kept connection may wait for its next request: longer than the scrape intervals in
   * use (Prometheus's default is 60 s at most), so a scraper rarely finds it closed under it.
   */
  static final int IDLE_MILLIS = 120_000;

  /** How long one read may wait within a request, and the TLS handshake. */
  static final int READ_MILLIS = 30_000;

  /** A body a handler left unread is skipped up to this much, else the connection is closed. */
  private static final long DRAIN_LIMIT = 64 * 1024;

  private static final byte[] CONTINUE = "HTTP/1.1 100 Continue\r\n\r\n".getBytes(ISO_8859_1);

  private final Listener server;
  private final Socket raw;
  private Socket socket;
  private SSLSession session;
  private ConnectionInput input;
  private OutputStream output;
  private volatile boolean busy;

  Connection(Listener server, Socket raw) {
    this.server = server;
    this.raw = raw;
  }

  void serve() {
    try {
      open();
      while (!server.stopping()) {
        socket.setSoTimeout(IDLE_MILLIS);
        if (!input.awaitByte()) {
          return;
        }
        socket.setSoTimeout(READ_MILLIS);
        busy = true;
        RequestHead head = RequestHead.read(input);
        if (head == null || !exchange(head)) {
          return;
        }
        busy = false;
      }
    } catch (HttpError e) {
      refuse(e);
    } catch (SocketTimeoutException e) {
      log.debug("HTTP connection from {} timed out", raw.getRemoteSocketAddress());
    } catch (SSLException e) {
      log.debug("TLS with {} failed: {}", raw.getRemoteSocketAddress(), e.getMessage());
    } catch (IOException e) {
      log.debug("HTTP connection from {} ended: {}", raw.getRemoteSocketAddress(), e.toString());
    } catch (RuntimeException e) {
      log.warn("HTTP exchange with {} failed: {}", raw.getRemoteSocketAddress(), e.toString());
    } finally {
      busy = false;
      end();
      server.forget(this);
    }
  }

  private void open() throws IOException {
    HttpsConfigurator tls = server.getHttpsConfigurator();
    if (tls == null) {
      socket = raw;
    } else {
      raw.setSoTimeout(READ_MILLIS);
      SSLSocket ssl =
          (SSLSocket) tls.getSSLContext().getSocketFactory().createSocket(raw, null, true);
      TlsParameters params = new TlsParameters(tls, remoteAddress());
      tls.configure(params);
      params.applyTo(ssl);
      ssl.startHandshake();
      session = ssl.getSession();
      socket = ssl;
    }
    input = new ConnectionInput(socket.getInputStream());
    output = new ConnectionOutput(socket.getOutputStream());
  }

  /** Serves one request; false when the connection cannot carry another. */
  private boolean exchange(RequestHead head) throws IOException {
    if (head.hasBody() && !head.http10() && "100-continue".equalsIgnoreCase(expect(head))) {
      output.write(CONTINUE);
      output.flush();
    }
    String path = head.uri().getPath();
    Context context = path == null ? null : server.contextFor(path);
    Exchange plain = new Exchange(head, context, this);
    HttpExchange exchange = session == null ? plain : new SecureExchange(plain, session);
    try {
      if (context == null || context.getHandler() == null) {
        answer(exchange, 404, "No context found for request\n");
      } else if (authenticated(context, exchange, plain)) {
        new Filter.Chain(context.getFilters(), context.getHandler()).doFilter(exchange);
      }
    } catch (HttpError e) {
      if (plain.getResponseCode() == -1) {
        throw e;
      }
      return false;
    }
    exchange.close();
    if (!plain.reusable()) {
      return false;
    }
    try {
      return plain.requestBodyItself().drain(DRAIN_LIMIT);
    } catch (HttpError e) {
      // The answer is sent: a body that cannot be read to its end only ends the connection.
      log.debug(
          "HTTP request body from {} unreadable: {}", raw.getRemoteSocketAddress(), e.getMessage());
      return false;
    }
  }

  private static String expect(RequestHead head) {
    return head.headers().getFirst("Expect");
  }

  private static boolean authenticated(Context context, HttpExchange exchange, Exchange plain)
      throws IOException {
    Authenticator auth = context.getAuthenticator();
    if (auth == null) {
      return true;
    }
    switch (auth.authenticate(exchange)) {
      case Authenticator.Success s -> {
        plain.setPrincipal(s.getPrincipal());
        return true;
      }
      case Authenticator.Failure f -> exchange.sendResponseHeaders(f.getResponseCode(), -1);
      case Authenticator.Retry r -> exchange.sendResponseHeaders(r.getResponseCode(), -1);
      default -> exchange.sendResponseHeaders(500, -1);
    }
    return false;
  }

  private static void answer(HttpExchange exchange, int status, String text) throws IOException {
    byte[] body = text.getBytes(UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    exchange.sendResponseHeaders(status, body.length);
    exchange.getResponseBody().write(body);
  }

  /** Answers a request this server would not read, and the connection ends. */
  private void refuse(HttpError e) {
    log.debug("HTTP request from {} refused: {}", raw.getRemoteSocketAddress(), e.getMessage());
    if (output == null) {
      return;
    }
    byte[] body = (e.getMessage() + "\n").getBytes(UTF_8);
    String head =
        "HTTP/1.1 "
            + e.status()
            + " "
            + Reasons.of(e.status())
            + "\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: "
            + body.length
            + "\r\nConnection: close\r\nDate: "
            + server.date()
            + "\r\n\r\n";
    try {
      output.write(head.getBytes(ISO_8859_1));
      output.write(body);
      output.flush();
      lingeringClose();
    } catch (IOException ignored) {
      // The client is gone; the connection closes either way.
    }
  }

  /**
   * Closing with unread bytes in the socket makes the kernel reset the connection, and a client
   * still sending may then lose the answer before it reads it: the sending side is closed first,
   * and what the client still sends is read and dropped for a moment.
   */
  private void lingeringClose() throws IOException {
    if (socket != raw) {
      return;
    }
    raw.shutdownOutput();
    raw.setSoTimeout(1000);
    byte[] skip = new byte[8192];
    long total = 0;
    for (int n; total < DRAIN_LIMIT && (n = raw.getInputStream().read(skip)) > 0; ) {
      total += n;
    }
  }

  ConnectionInput input() {
    return input;
  }

  OutputStream output() {
    return output;
  }

  String date() {
    return server.date();
  }

  boolean stopping() {
    return server.stopping();
  }

  /** Whether a request is being read or answered (a stop with a delay lets it finish). */
  boolean busy() {
    return busy;
  }

  InetSocketAddress remoteAddress() {
    return (InetSocketAddress) raw.getRemoteSocketAddress();
  }

  InetSocketAddress localAddress() {
    return (InetSocketAddress) raw.getLocalSocketAddress();
  }

  /** Ends the connection from its own thread: TLS says goodbye first. */
  private void end() {
    if (socket != null && socket != raw) {
      try {
        socket.close();
      } catch (IOException ignored) {
        // The raw socket is closed next either way.
      }
    }
    close();
  }

  /** Ends the connection at once, from any thread. */
  void close() {
    try {
      raw.close();
    } catch (IOException ignored) {
      // Closing a socket that failed: nothing left to do.
    }
  }
}
