package io.dbscope.server.httpd;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import java.net.InetSocketAddress;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/** What a server's {@link HttpsConfigurator} chooses for one new connection. */
final class TlsParameters extends HttpsParameters {
  private final HttpsConfigurator configurator;
  private final InetSocketAddress client;
  private SSLParameters chosen;

  TlsParameters(HttpsConfigurator configurator, InetSocketAddress client) {
    this.configurator = configurator;
    this.client = client;
  }

  @Override
  public HttpsConfigurator getHttpsConfigurator() {
    return configurator;
  }

  @Override
  public InetSocketAddress getClientAddress() {
    return client;
  }

  @Override
  public void setSSLParameters(SSLParameters params) {
    this.chosen = params;
  }

  /** Applies the configurator's choice: whole parameters if it set them, else its single ones. */
  void applyTo(SSLSocket socket) {
    if (chosen != null) {
      socket.setSSLParameters(chosen);
      return;
    }
    if (getCipherSuites() != null) {
      socket.setEnabledCipherSuites(getCipherSuites());
    }
    if (getProtocols() != null) {
      socket.setEnabledProtocols(getProtocols());
    }
    if (getNeedClientAuth()) {
      socket.setNeedClientAuth(true);
    } else if (getWantClientAuth()) {
      socket.setWantClientAuth(true);
    }
  }
}
