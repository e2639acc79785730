package io.dbscope.server.httpd;

import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What {@link BlockingHttpServer} and {@link BlockingHttpsServer} are made of: the listening
 * socket, its contexts and connections, one thread per connection. The JDK's own server runs a
 * selector thread that wakes every second however idle it is, a millisecond of CPU in every 15 s
 * between Prometheus's scrapes, a quarter of what a Redis scrape costs (bench/paced.sh); here a
 * thread waits in its read or its accept until something comes, and an idle process does nothing.
 */
final class Listener {
  private static final Logger log = LoggerFactory.getLogger(Listener.class);
  private static final DateTimeFormatter HTTP_DATE =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US)
          .withZone(ZoneOffset.UTC);

  private final ServerSocket socket;
  private final List<Context> contexts = new CopyOnWriteArrayList<>();
  private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
  private volatile Executor executor;
  private volatile HttpsConfigurator tls;
  private volatile boolean stopping;
  private volatile DateLine date = new DateLine(-1, "");
  private final HttpServer facade;
  private final boolean secure;
  private ExecutorService own;
  private Thread acceptor;

  private record DateLine(long second, String text) {}

  /**
   * @param secure whether connections speak TLS: then {@link #start} needs a configurator
   */
  Listener(HttpServer facade, boolean secure) throws IOException {
    this.facade = facade;
    this.secure = secure;
    this.socket = new ServerSocket();
  }

  /** Binds, or closes the socket if it cannot. */
  void bindOrClose(InetSocketAddress address, int backlog) throws IOException {
    try {
      bind(address, backlog);
    } catch (IOException e) {
      socket.close();
      throw e;
    }
  }

  void bind(InetSocketAddress address, int backlog) throws IOException {
    if (socket.isBound()) {
      throw new BindException("the server is already bound");
    }
    socket.setReuseAddress(true);
    socket.bind(address, backlog);
  }

  synchronized void start() {
    if (!socket.isBound() || acceptor != null || stopping) {
      throw new IllegalStateException("the server is not bound, or started already");
    }
    if (secure && tls == null) {
      throw new IllegalStateException("an HTTPS server needs its HttpsConfigurator to start");
    }
    if (executor == null) {
      own = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("http-", 0).factory());
      executor = own;
    }
    // A platform thread: blocked in accept, it is woken by the kernel alone (a virtual thread's
    // accept wakes the JDK's poller and a carrier), once per connection, which matters to
    // scrapers that open one per scrape.
    acceptor = Thread.ofPlatform().name("http-accept").daemon().start(this::accept);
  }

  private void accept() {
    while (!stopping) {
      Socket s;
      try {
        s = socket.accept();
      } catch (IOException e) {
        if (stopping) {
          return;
        }
        // Out of file descriptors, most likely: wait a little rather than spin.
        log.warn("HTTP server could not accept a connection: {}", e.getMessage());
        sleepQuietly();
        continue;
      }
      Connection c = new Connection(this, s);
      connections.add(c);
      try {
        s.setTcpNoDelay(true);
        executor.execute(c::serve);
      } catch (IOException | RejectedExecutionException e) {
        forget(c);
        c.close();
      }
    }
  }

  private static void sleepQuietly() {
    try {
      Thread.sleep(100);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  void setExecutor(Executor executor) {
    if (acceptor != null) {
      throw new IllegalStateException("the server is started");
    }
    this.executor = executor;
  }

  Executor getExecutor() {
    return own == executor ? null : executor;
  }

  void setHttpsConfigurator(HttpsConfigurator config) {
    if (config == null) {
      throw new NullPointerException("config");
    }
    if (acceptor != null) {
      throw new IllegalStateException("the server is started");
    }
    this.tls = config;
  }

  HttpsConfigurator getHttpsConfigurator() {
    return tls;
  }

  void stop(int delay) {
    if (delay < 0) {
      throw new IllegalArgumentException("a negative delay");
    }
    stopping = true;
    try {
      socket.close();
    } catch (IOException ignored) {
      // Closing the listening socket only stops new connections.
    }
    long until = System.nanoTime() + delay * 1_000_000_000L;
    while (System.nanoTime() < until && connections.stream().anyMatch(Connection::busy)) {
      sleepQuietly();
    }
    connections.forEach(Connection::close);
    if (own != null) {
      own.shutdownNow();
    }
    Thread a = acceptor;
    if (a != null) {
      try {
        a.join(1000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  HttpContext createContext(String path, HttpHandler handler) {
    Context c = new Context(path, handler, facade);
    synchronized (contexts) {
      if (contexts.stream().anyMatch(x -> x.getPath().equals(path))) {
        throw new IllegalArgumentException("a context for " + path + " exists already");
      }
      contexts.add(c);
    }
    return c;
  }

  HttpContext createContext(String path) {
    return createContext(path, null);
  }

  void removeContext(String path) {
    if (!contexts.removeIf(c -> c.getPath().equals(path))) {
      throw new IllegalArgumentException("no context for " + path);
    }
  }

  void removeContext(HttpContext context) {
    if (!contexts.remove(context)) {
      throw new IllegalArgumentException("not a context of this server: " + context.getPath());
    }
  }

  InetSocketAddress getAddress() {
    return (InetSocketAddress) socket.getLocalSocketAddress();
  }

  /** The context with the longest path that a request's path begins with. */
  Context contextFor(String path) {
    Context best = null;
    for (Context c : contexts) {
      if (c.covers(path) && (best == null || c.getPath().length() > best.getPath().length())) {
        best = c;
      }
    }
    return best;
  }

  boolean stopping() {
    return stopping;
  }

  void forget(Connection c) {
    connections.remove(c);
  }

  /** The {@code Date} header's value, made once a second. */
  String date() {
    long second = System.currentTimeMillis() / 1000;
    DateLine d = date;
    if (d.second() != second) {
      d = new DateLine(second, HTTP_DATE.format(Instant.ofEpochSecond(second)));
      date = d;
    }
    return d.text();
  }
}
