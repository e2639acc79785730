package io.dbscope.server.httpd;

import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.Executor;

/**
 * {@link BlockingHttpServer} over TLS: each connection's handshake on its own thread, with the
 * parameters that the {@link HttpsConfigurator} chooses for it. Not started, nor serving, until a
 * configurator is set.
 */
public final class BlockingHttpsServer extends HttpsServer {
  private final Listener listener;

  private BlockingHttpsServer() throws IOException {
    this.listener = new Listener(this, true);
  }

  /** A server bound to {@code address}, not started. */
  public static BlockingHttpsServer create(InetSocketAddress address, int backlog)
      throws IOException {
    BlockingHttpsServer server = new BlockingHttpsServer();
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

  @Override
  public void setHttpsConfigurator(HttpsConfigurator config) {
    listener.setHttpsConfigurator(config);
  }

  @Override
  public HttpsConfigurator getHttpsConfigurator() {
    return listener.getHttpsConfigurator();
  }
}
