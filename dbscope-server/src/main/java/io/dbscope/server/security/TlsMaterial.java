package io.dbscope.server.security;

import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509KeyManager;

/**
 * One loaded generation of TLS settings and the files they name: the server's key and chain, the
 * JDK key manager that picks it for a handshake, and the client CA check. Immutable; a rotation
 * builds a new one.
 *
 * @param alias unique per generation, so that a handshake that chose an alias just before a swap
 *     still finds its key
 * @param stamps the {@link PemSource#stamp()} of cert, key and client CA when they were read
 * @param clientCaCheck the PKIX check of client certificates, empty when the mode does not verify
 * @param clientCas the client CA certificates, sent as acceptable issuers
 */
record TlsMaterial(
    WebConfig.Tls settings,
    String alias,
    List<Object> stamps,
    PrivateKey key,
    X509Certificate[] chain,
    X509KeyManager keyManager,
    Optional<X509ExtendedTrustManager> clientCaCheck,
    X509Certificate[] clientCas) {

  /** What the files of {@code settings} look like now; a change means a reload is due. */
  static List<Object> stamps(WebConfig.Tls settings) {
    return List.of(
        settings.cert().stamp(),
        settings.key().stamp(),
        settings.clientCa().map(PemSource::stamp).orElse("none"));
  }

  /** Reads and checks every file; nothing is half-loaded: a problem throws, naming key and file. */
  static TlsMaterial load(WebConfig.Tls settings, long generation, List<Object> stamps)
      throws WebConfigException {
    List<X509Certificate> chain = Pem.certificates(settings.cert().read(), settings.cert());
    PrivateKey key = Pem.privateKey(settings.key().read(), settings.key(), chain.getFirst());
    String alias = "dbscope-" + generation;
    X509Certificate[] chainArray = chain.toArray(X509Certificate[]::new);
    X509Certificate[] cas = new X509Certificate[0];
    if (settings.clientCa().isPresent()) {
      PemSource ca = settings.clientCa().get();
      cas = Pem.certificates(ca.read(), ca).toArray(X509Certificate[]::new);
    }
    try {
      char[] pw = new char[0];
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      ks.setKeyEntry(alias, key, pw, chainArray);
      KeyManagerFactory kmf = KeyManagerFactory.getInstance("SunX509");
      kmf.init(ks, pw);
      X509KeyManager km = firstOf(kmf.getKeyManagers(), X509KeyManager.class);
      Optional<X509ExtendedTrustManager> check = Optional.empty();
      if (settings.clientAuth().verifies()) {
        check = Optional.of(trust(cas));
      }
      return new TlsMaterial(settings, alias, stamps, key, chainArray, km, check, cas);
    } catch (GeneralSecurityException | java.io.IOException e) {
      throw new WebConfigException(
          settings.cert() + ": cannot use the certificate: " + e.getMessage(), e);
    }
  }

  /** PKIX over the client CAs, or over the JDK's trusted roots when none are given (as Go). */
  private static X509ExtendedTrustManager trust(X509Certificate[] cas)
      throws GeneralSecurityException, java.io.IOException {
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    if (cas.length == 0) {
      tmf.init((KeyStore) null);
    } else {
      KeyStore ts = KeyStore.getInstance("PKCS12");
      ts.load(null, null);
      for (int i = 0; i < cas.length; i++) {
        ts.setCertificateEntry("ca-" + i, cas[i]);
      }
      tmf.init(ts);
    }
    return firstOf(tmf.getTrustManagers(), X509ExtendedTrustManager.class);
  }

  private static <T> T firstOf(Object[] managers, Class<T> type) throws GeneralSecurityException {
    for (Object m : managers) {
      if (type.isInstance(m)) {
        return type.cast(m);
      }
    }
    throw new GeneralSecurityException("the JDK offers no " + type.getSimpleName());
  }

  X509Certificate leaf() {
    return chain[0];
  }
}
