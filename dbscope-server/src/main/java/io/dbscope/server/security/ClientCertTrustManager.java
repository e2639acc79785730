package io.dbscope.server.security;

import java.net.InetAddress;
import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Checks client certificates by the current {@code client_auth_type}: the modes that verify run the
 * PKIX check against {@code client_ca_file}; the others (RequestClientCert, RequireAnyClientCert)
 * take any certificate, as Go does. Then, when {@code client_allowed_sans} is set, the leaf must
 * carry one of those DNS, e-mail, IP or URI names.
 */
final class ClientCertTrustManager extends X509ExtendedTrustManager {
  private static final Pattern IP_LITERAL =
      Pattern.compile("[0-9.]+|[0-9a-fA-F:.]*:[0-9a-fA-F:.]*");
  private final TlsContextProvider provider;

  ClientCertTrustManager(TlsContextProvider provider) {
    this.provider = provider;
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    TlsMaterial m = provider.current();
    if (m.clientCaCheck().isPresent()) {
      m.clientCaCheck().get().checkClientTrusted(chain, authType, engine);
    }
    checkSans(chain, m.settings().clientAllowedSans());
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    TlsMaterial m = provider.current();
    if (m.clientCaCheck().isPresent()) {
      m.clientCaCheck().get().checkClientTrusted(chain, authType, socket);
    }
    checkSans(chain, m.settings().clientAllowedSans());
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    checkClientTrusted(chain, authType, (Socket) null);
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return provider.current().clientCas().clone();
  }

  static void checkSans(X509Certificate[] chain, List<String> allowed) throws CertificateException {
    if (allowed.isEmpty()) {
      return;
    }
    if (chain == null || chain.length == 0) {
      throw new CertificateException("no client certificate to match against client_allowed_sans");
    }
    for (String name : names(chain[0])) {
      for (String a : allowed) {
        if (a.equals(name) || sameIp(a, name)) {
          return;
        }
      }
    }
    throw new CertificateException(
        "the client certificate has none of client_allowed_sans " + allowed);
  }

  /** DNS (2), e-mail (1), URI (6) and IP (7) subject alternative names. */
  private static List<String> names(X509Certificate cert) throws CertificateParsingException {
    List<String> out = new ArrayList<>();
    Collection<List<?>> sans = cert.getSubjectAlternativeNames();
    if (sans != null) {
      for (List<?> san : sans) {
        int type = (Integer) san.get(0);
        if ((type == 1 || type == 2 || type == 6 || type == 7) && san.get(1) instanceof String s) {
          out.add(s);
        }
      }
    }
    return out;
  }

  private static boolean sameIp(String a, String b) {
    Optional<InetAddress> x = ip(a);
    return x.isPresent() && x.equals(ip(b));
  }

  /** An IP literal, never a name lookup: {@code getByName} resolves nothing for a literal. */
  private static Optional<InetAddress> ip(String s) {
    if (!IP_LITERAL.matcher(s).matches()) {
      return Optional.empty();
    }
    try {
      return Optional.of(InetAddress.getByName(s));
    } catch (java.net.UnknownHostException e) {
      return Optional.empty();
    }
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    throw new CertificateException("dbscope's server context checks no server certificates");
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    throw new CertificateException("dbscope's server context checks no server certificates");
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    throw new CertificateException("dbscope's server context checks no server certificates");
  }
}
