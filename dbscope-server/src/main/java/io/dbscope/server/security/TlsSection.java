package io.dbscope.server.security;

import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * Reads {@code tls_server_config} with the toolkit's rules: TLS is on when a certificate, key,
 * client CA or client auth type is given; then a certificate and a key are required; a client CA
 * without a client auth type and {@code client_allowed_sans} without a required client certificate
 * are errors. Go's cipher, curve and version names are mapped to the JDK's, and names the JDK does
 * not know are errors here rather than surprises at the first handshake.
 */
final class TlsSection {
  private static final Set<String> KEYS =
      Set.of(
          "cert",
          "key",
          "client_ca",
          "cert_file",
          "key_file",
          "client_auth_type",
          "client_ca_file",
          "client_allowed_sans",
          "min_version",
          "max_version",
          "cipher_suites",
          "curve_preferences",
          "prefer_server_cipher_suites");
  private static final Map<String, String> CURVES =
      Map.of(
          "CurveP256",
          "secp256r1",
          "CurveP384",
          "secp384r1",
          "CurveP521",
          "secp521r1",
          "X25519",
          "x25519");

  private final WebConfigParser parser;
  private final Node node;

  TlsSection(WebConfigParser parser, Node node) {
    this.parser = parser;
    this.node = node;
  }

  Optional<WebConfig.Tls> read() throws WebConfigException {
    node.requireObject();
    node.checkKeys(KEYS);
    Optional<PemSource> cert = source("cert", "cert_file");
    Optional<PemSource> key = source("key", "key_file");
    Optional<PemSource> ca = source("client_ca", "client_ca_file");
    Optional<String> authName = node.child("client_auth_type").text();
    // Read every key first, so that a typo is reported even while TLS is off.
    ClientAuth auth = clientAuth(authName.orElse(""));
    TlsVersion min = version("min_version", TlsVersion.TLS12);
    TlsVersion max = version("max_version", TlsVersion.TLS13);
    List<String> sans = node.child("client_allowed_sans").strings();
    List<String> ciphers = ciphers();
    List<String> groups = groups();
    boolean prefer = node.child("prefer_server_cipher_suites").bool(true);
    if (cert.isEmpty() && key.isEmpty() && ca.isEmpty() && authName.isEmpty()) {
      if (!node.absent() && !node.entries().isEmpty()) {
        parser.note("tls_server_config names no certificate: serving plain HTTP");
      }
      return Optional.empty();
    }
    if (cert.isEmpty()) {
      throw parser.error(node.pointer(), "missing one of cert or cert_file");
    }
    if (key.isEmpty()) {
      throw parser.error(node.pointer(), "missing one of key or key_file");
    }
    if (ca.isPresent() && !auth.requests()) {
      throw parser.error(
          node.child(ca.get().key()).pointer(),
          "a client CA is configured but client_auth_type is NoClientCert; set client_auth_type:"
              + " RequireAndVerifyClientCert");
    }
    if (!node.child("client_allowed_sans").absent() && !auth.requires()) {
      throw parser.error(
          node.child("client_allowed_sans").pointer(),
          "needs client_auth_type RequireAnyClientCert or RequireAndVerifyClientCert");
    }
    if (min.compareTo(max) > 0) {
      throw parser.error(node.child("min_version").pointer(), min + " is above max_version " + max);
    }
    checkProtocols(min, max);
    return Optional.of(
        new WebConfig.Tls(
            cert.get(), key.get(), auth, ca, sans, min, max, ciphers, groups, prefer));
  }

  /** The file wins over inline text when both are given, as in the toolkit. */
  private Optional<PemSource> source(String inlineKey, String fileKey) throws WebConfigException {
    Optional<String> inline = node.child(inlineKey).text();
    Optional<String> file = node.child(fileKey).text();
    if (file.isPresent()) {
      if (inline.isPresent()) {
        parser.note(
            "tls_server_config: both "
                + inlineKey
                + " and "
                + fileKey
                + " are set; "
                + fileKey
                + " is used");
      }
      return Optional.of(PemSource.ofFile(fileKey, parser.resolve(file.get())));
    }
    return inline.map(text -> PemSource.inline(inlineKey, text));
  }

  private ClientAuth clientAuth(String name) throws WebConfigException {
    return ClientAuth.byName(name)
        .orElseThrow(
            () ->
                parser.error(
                    node.child("client_auth_type").pointer(),
                    "unknown client auth type \""
                        + name
                        + "\" (one of NoClientCert, RequestClientCert, RequireAnyClientCert,"
                        + " VerifyClientCertIfGiven, RequireAndVerifyClientCert)"));
  }

  private TlsVersion version(String key, TlsVersion dflt) throws WebConfigException {
    Optional<String> name = node.child(key).text();
    if (name.isEmpty()) {
      return dflt;
    }
    return TlsVersion.byName(name.get())
        .orElseThrow(
            () ->
                parser.error(
                    node.child(key).pointer(),
                    "unknown TLS version \""
                        + name.get()
                        + "\" (one of TLS10, TLS11, TLS12, TLS13)"));
  }

  private void checkProtocols(TlsVersion min, TlsVersion max) throws WebConfigException {
    List<String> enabled = Arrays.asList(jdkDefaults().getProtocols());
    List<String> off = new ArrayList<>();
    boolean any = false;
    for (TlsVersion v : TlsVersion.values()) {
      if (v.compareTo(min) >= 0 && v.compareTo(max) <= 0) {
        if (enabled.contains(v.protocol())) {
          any = true;
        } else {
          off.add(v.name());
        }
      }
    }
    if (!any) {
      throw parser.error(
          node.child("min_version").pointer(),
          "the JDK has disabled every version from "
              + min
              + " to "
              + max
              + " (see jdk.tls.disabledAlgorithms)");
    }
    if (!off.isEmpty()) {
      parser.note(
          "tls_server_config: " + off + " disabled by the JDK (jdk.tls.disabledAlgorithms)");
    }
  }

  /** Go's names are the IANA ones; a few old Go aliases and the JDK's SSL_ prefix are mapped. */
  private List<String> ciphers() throws WebConfigException {
    Node list = node.child("cipher_suites");
    Set<String> supported = Set.of(jdkSupported().getCipherSuites());
    List<String> out = new ArrayList<>();
    for (String name : list.strings()) {
      String jdk = name;
      if (name.endsWith("_CHACHA20_POLY1305")) {
        jdk = name + "_SHA256";
      } else if (!supported.contains(name) && name.startsWith("TLS_")) {
        jdk = "SSL_" + name.substring(4);
      }
      if (!supported.contains(jdk)) {
        throw parser.error(list.pointer(), "unknown cipher suite \"" + name + "\"");
      }
      out.add(jdk);
    }
    return out;
  }

  private List<String> groups() throws WebConfigException {
    Node list = node.child("curve_preferences");
    List<String> available = Arrays.asList(jdkDefaults().getNamedGroups());
    List<String> out = new ArrayList<>();
    for (String name : list.strings()) {
      String jdk = CURVES.get(name);
      if (jdk == null) {
        throw parser.error(
            list.pointer(),
            "unknown curve \"" + name + "\" (one of CurveP256, CurveP384, CurveP521, X25519)");
      }
      if (available.contains(jdk)) {
        out.add(jdk);
      } else {
        parser.note("tls_server_config.curve_preferences: " + name + " is not enabled in this JDK");
      }
    }
    return out;
  }

  private static SSLParameters jdkDefaults() {
    return defaultContext().getDefaultSSLParameters();
  }

  private static SSLParameters jdkSupported() {
    return defaultContext().getSupportedSSLParameters();
  }

  private static SSLContext defaultContext() {
    try {
      return SSLContext.getDefault();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no default TLS context", e);
    }
  }
}
