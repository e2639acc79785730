package io.dbscope.server.httpd;

import com.sun.net.httpserver.Authenticator;
import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** A path prefix of a {@link Listener}, its handler, filters and authenticator. */
final class Context extends HttpContext {
  private final String path;
  private final HttpServer server;
  private final List<Filter> filters = new CopyOnWriteArrayList<>();
  private final Map<String, Object> attributes = new ConcurrentHashMap<>();
  private volatile HttpHandler handler;
  private volatile Authenticator authenticator;

  Context(String path, HttpHandler handler, HttpServer server) {
    if (!path.startsWith("/")) {
      throw new IllegalArgumentException("a context path begins with /: " + path);
    }
    this.path = path;
    this.handler = handler;
    this.server = server;
  }

  /** Whether a request's path falls under this context (the JDK's rule: a prefix of it). */
  boolean covers(String requestPath) {
    return requestPath.startsWith(path);
  }

  @Override
  public HttpHandler getHandler() {
    return handler;
  }

  @Override
  public void setHandler(HttpHandler handler) {
    if (handler == null) {
      throw new NullPointerException("handler");
    }
    if (this.handler != null) {
      throw new IllegalArgumentException("the handler is already set");
    }
    this.handler = handler;
  }

  @Override
  public String getPath() {
    return path;
  }

  @Override
  public HttpServer getServer() {
    return server;
  }

  @Override
  public Map<String, Object> getAttributes() {
    return attributes;
  }

  @Override
  public List<Filter> getFilters() {
    return filters;
  }

  @Override
  public Authenticator setAuthenticator(Authenticator auth) {
    Authenticator old = authenticator;
    authenticator = auth;
    return old;
  }

  @Override
  public Authenticator getAuthenticator() {
    return authenticator;
  }
}
