package io.dbscope.server.security;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * The server key manager of dbscope's one {@code SSLContext}: it asks the provider for the current
 * {@link TlsMaterial} at each handshake, so a rotated certificate is served without a new context
 * (the JDK's HTTPS server keeps the context it was started with). Aliases carry the generation, and
 * the previous generation is still answered, so a handshake that chose its alias just before a swap
 * gets the matching key and chain.
 */
final class RotatingKeyManager extends X509ExtendedKeyManager {
  private final TlsContextProvider provider;

  RotatingKeyManager(TlsContextProvider provider) {
    this.provider = provider;
  }

  @Override
  public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
    return provider.current().keyManager().chooseServerAlias(keyType, issuers, null);
  }

  @Override
  public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
    return provider.current().keyManager().chooseServerAlias(keyType, issuers, socket);
  }

  @Override
  public String[] getServerAliases(String keyType, Principal[] issuers) {
    return provider.current().keyManager().getServerAliases(keyType, issuers);
  }

  @Override
  public X509Certificate[] getCertificateChain(String alias) {
    TlsMaterial m = provider.byAlias(alias);
    return m == null ? null : m.chain().clone();
  }

  @Override
  public PrivateKey getPrivateKey(String alias) {
    TlsMaterial m = provider.byAlias(alias);
    return m == null ? null : m.key();
  }

  @Override
  public String[] getClientAliases(String keyType, Principal[] issuers) {
    return null;
  }

  @Override
  public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
    return null;
  }
}
