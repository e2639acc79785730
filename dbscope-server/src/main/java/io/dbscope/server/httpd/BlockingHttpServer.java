package io.dbscope.server.httpd;

import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.Executor;

/**
 * The JDK's HTTP server API ({@code com.sun.net.httpserver}) served with blocking sockets, one
 * thread per connection: a virtual thread unless {@link #setExecutor} gives another executor. The
 * JDK's own server runs a selector thread that wakes every second however idle it is; this one does
 * nothing between requests (see {@link Listener}). Requests are read strictly ({@link
 * RequestHead}); keep-alive, pipelining, chunked bodies both ways and {@code Expect: 100-continue}
 * work as HTTP/1.1 says. {@link BlockingHttpsServer} is the same over TLS.
 */
public final class BlockingHttpServer extends HttpServer {
  private final Listener listener;

  private BlockingHttpServer() throws IOException {
    this.listener = new Listener(this, false);
  }

  /**
   * Whether {@code server} is dbscope's (plain or TLS), which runs each connection on its executor
   * where the JDK's runs each exchange.
   */
  public static boolean isOne(HttpServer server) {
    return server instanceof BlockingHttpServer || server instanceof BlockingHttpsServer;
  }

  /** A server bound to {@code address}, not started. */
  public static BlockingHttpServer create(InetSocketAddress address, int backlog)
      throws IOException {
    BlockingHttpServer server = new BlockingHttpServer();
    server.listener.bindOrClose(address, backlog);
    return server;
  }

  @Override
  public void bind(InetSocketAddress address, int backlog) throws IOException {
    listener.bind(address, backlog);
  }

  @Override
  public void start() {
    listener.start();
  }

  @Override
  public void setExecutor(Executor executor) {
    listener.setExecutor(executor);
  }

  @Override
  public Executor getExecutor() {
    return listener.getExecutor();
  }

  @Override
  public void stop(int delay) {
    listener.stop(delay);
  }

  @Override
  public HttpContext createContext(String path, HttpHandler handler) {
    return listener.createContext(path, handler);
  }

  @Override
  public HttpContext createContext(String path) {
    return listener.createContext(path);
  }

  @Override
  public void removeContext(String path) {
    listener.removeContext(path);
  }

  @Override
  public void removeContext(HttpContext context) {
    listener.removeContext(context);
  }

  @Override
  public InetSocketAddress getAddress() {
    return listener.getAddress();
  }
}
