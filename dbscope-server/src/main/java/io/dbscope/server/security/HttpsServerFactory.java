package io.dbscope.server.security;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Optional;

/**
 * Creates the JDK HTTP server for a web config: an {@link HttpsServer} when TLS is configured, else
 * a plain {@link HttpServer}. Neither is started, and neither has contexts or an executor yet. Each
 * new connection takes the current {@link TlsContextProvider#parameters()}, so protocol limits,
 * client auth and rotated certificates apply without a restart.
 */
public final class HttpsServerFactory {
  private HttpsServerFactory() {}

  /** Binds {@code address}; the caller adds contexts, sets the executor and starts it. */
  public static HttpServer create(
      Optional<TlsContextProvider> tls, InetSocketAddress address, int backlog) throws IOException {
    if (tls.isEmpty()) {
      return HttpServer.create(address, backlog);
    }
    TlsContextProvider provider = tls.get();
    HttpsServer server = HttpsServer.create(address, backlog);
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
