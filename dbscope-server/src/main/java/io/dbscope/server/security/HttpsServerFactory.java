package io.dbscope.server.security;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import io.dbscope.server.httpd.BlockingHttpServer;
import io.dbscope.server.httpd.BlockingHttpsServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Optional;

/**
 * Creates the HTTP server for a web config: serving TLS when it is configured, plain HTTP else. It
 * is not started, and has no contexts or executor yet. Each new connection takes the current {@link
 * TlsContextProvider#parameters()}, so protocol limits, client auth and rotated certificates apply
 * without a restart. The server is dbscope's {@link BlockingHttpServer}; {@code
 * -Ddbscope.http.server=jdk} chooses the JDK's own instead, which implements the same API.
 */
public final class HttpsServerFactory {
  /** The system property that picks the JDK's HTTP server ({@code jdk}). */
  public static final String SERVER_PROPERTY = "dbscope.http.server";

  private HttpsServerFactory() {}

  /** Binds {@code address}; the caller adds contexts, sets the executor and starts it. */
  public static HttpServer create(
      Optional<TlsContextProvider> tls, InetSocketAddress address, int backlog) throws IOException {
    boolean jdk = "jdk".equals(System.getProperty(SERVER_PROPERTY));
    if (tls.isEmpty()) {
      return jdk
          ? HttpServer.create(address, backlog)
          : BlockingHttpServer.create(address, backlog);
    }
    TlsContextProvider provider = tls.get();
    HttpsServer server =
        jdk ? HttpsServer.create(address, backlog) : BlockingHttpsServer.create(address, backlog);
    server.setHttpsConfigurator(
        new HttpsConfigurator(provider.sslContext()) {
          @Override
          public void configure(HttpsParameters params) {
            params.setSSLParameters(provider.parameters());
          }
        });
    return server;
  }
}
