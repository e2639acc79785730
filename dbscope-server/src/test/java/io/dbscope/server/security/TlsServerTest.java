package io.dbscope.server.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import javax.net.ssl.SSLParameters;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Real TLS handshakes between {@link java.net.http.HttpClient} and the HTTPS server that {@link
 * WebSecurity} builds from a web config: certificates and keys made by keytool at test time,
 * protocol limits, the client auth modes, SAN allow-lists and certificate rotation without restart.
 */
class TlsServerTest {
  private final TestPki pki = TestPki.shared();
  @TempDir Path dir;
  private HttpServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  private record Answer(
      int status,
      String protocol,
      X509Certificate served,
      String body,
      java.net.http.HttpHeaders headers) {
    String servedName() {
      return served.getSubjectX500Principal().getName();
    }
  }

  /** Writes the RSA server pair (PKCS#8 key) and the CA beside the web config. */
  private void serverFiles() throws Exception {
    pki.writeChain("server", dir.resolve("server.crt"));
    pki.writePkcs8("server", dir.resolve("server.key"));
    pki.writeCa(dir.resolve("ca.crt"));
  }

  private WebConfig config(String yaml) throws WebConfigException {
    return WebConfig.parse(yaml, dir.resolve("web-config.yml"));
  }

  private int start(WebSecurity security) throws IOException {
    server = security.createServer(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server
        .createContext(
            "/",
            ex -> {
              byte[] b = "ok\n".getBytes(StandardCharsets.UTF_8);
              ex.sendResponseHeaders(200, b.length);
              ex.getResponseBody().write(b);
              ex.close();
            })
        .getFilters()
        .add(security.filter(Set.of("/-/healthy")));
    server.start();
    return server.getAddress().getPort();
  }

  private int start(String yaml) throws Exception {
    return start(WebSecurity.start(config(yaml), Optional.empty()));
  }

  /** One request on a new client, so that every call is a new handshake (no pooled connection). */
  private Answer getPath(int port, String clientAlias, String path, String... protocols)
      throws Exception {
    HttpClient.Builder b =
        HttpClient.newBuilder()
            .sslContext(pki.clientContext(clientAlias))
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5));
    if (protocols.length > 0) {
      SSLParameters p = new SSLParameters();
      p.setProtocols(protocols);
      b.sslParameters(p);
    }
    try (HttpClient c = b.build()) {
      HttpResponse<String> r =
          c.send(
              HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + path))
                  .timeout(Duration.ofSeconds(10))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      var session = r.sslSession().orElseThrow();
      return new Answer(
          r.statusCode(),
          session.getProtocol(),
          (X509Certificate) session.getPeerCertificates()[0],
          r.body(),
          r.headers());
    }
  }

  private Answer get(int port, String clientAlias, String... protocols) throws Exception {
    return getPath(port, clientAlias, "/", protocols);
  }

  @Test
  void servesTheConfiguredCertificateOverTls13ByDefaultAndTls12OnRequest() throws Exception {
    serverFiles();
    int port = start("tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\n");
    Answer a = get(port, null);
    assertThat(a.status()).isEqualTo(200);
    assertThat(a.body()).isEqualTo("ok\n");
    assertThat(a.protocol()).isEqualTo("TLSv1.3");
    assertThat(a.servedName()).isEqualTo("CN=server-one");
    assertThat(get(port, null, "TLSv1.2").protocol()).isEqualTo("TLSv1.2");
  }

  @Test
  void minVersionTls13RefusesATls12Client() throws Exception {
    serverFiles();
    int port =
        start(
            "tls_server_config:\n"
                + "  cert_file: server.crt\n"
                + "  key_file: server.key\n"
                + "  min_version: TLS13\n");
    assertThat(get(port, null).protocol()).isEqualTo("TLSv1.3");
    assertThatThrownBy(() -> get(port, null, "TLSv1.2")).isInstanceOf(IOException.class);
  }

  @Test
  void maxVersionTls12AndCipherSuitesAreApplied() throws Exception {
    serverFiles();
    int port =
        start(
            """
            tls_server_config:
              cert_file: server.crt
              key_file: server.key
              max_version: TLS12
              cipher_suites: [TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384]
              curve_preferences: [CurveP256]
            """);
    Answer a = get(port, null);
    assertThat(a.protocol()).isEqualTo("TLSv1.2");
    assertThatThrownBy(() -> get(port, null, "TLSv1.3")).isInstanceOf(IOException.class);
  }

  @Test
  void requireAndVerifyClientCertTakesOnlyCertificatesOfTheClientCa() throws Exception {
    serverFiles();
    int port =
        start(
            """
            tls_server_config:
              cert_file: server.crt
              key_file: server.key
              client_auth_type: RequireAndVerifyClientCert
              client_ca_file: ca.crt
            """);
    assertThat(get(port, "client").status()).isEqualTo(200);
    assertThatThrownBy(() -> get(port, null))
        .as("no client certificate")
        .isInstanceOf(IOException.class);
    assertThatThrownBy(() -> get(port, "rogue"))
        .as("certificate of another CA")
        .isInstanceOf(IOException.class);
    // Over TLS 1.2 the refusal happens in the handshake proper.
    assertThatThrownBy(() -> get(port, null, "TLSv1.2")).isInstanceOf(IOException.class);
  }

  @Test
  void requireAnyClientCertTakesAnyCertificateButNotNone() throws Exception {
    serverFiles();
    int port =
        start(
            "tls_server_config:\n"
                + "  cert_file: server.crt\n"
                + "  key_file: server.key\n"
                + "  client_auth_type: RequireAnyClientCert\n");
    assertThat(get(port, "rogue").status()).isEqualTo(200);
    assertThatThrownBy(() -> get(port, null)).isInstanceOf(IOException.class);
  }

  @Test
  void verifyClientCertIfGivenLetsAnonymousClientsInButNotBadCertificates() throws Exception {
    serverFiles();
    int port =
        start(
            """
            tls_server_config:
              cert_file: server.crt
              key_file: server.key
              client_auth_type: VerifyClientCertIfGiven
              client_ca_file: ca.crt
            """);
    assertThat(get(port, null).status()).isEqualTo(200);
    assertThat(get(port, "client").status()).isEqualTo(200);
    assertThatThrownBy(() -> get(port, "rogue")).isInstanceOf(IOException.class);
  }

  @Test
  void clientAllowedSansChecksTheClientCertificatesNames() throws Exception {
    serverFiles();
    String base =
        """
        tls_server_config:
          cert_file: server.crt
          key_file: server.key
          client_auth_type: RequireAndVerifyClientCert
          client_ca_file: ca.crt
          client_allowed_sans: [%s]
        """;
    int port = start(base.formatted("prometheus.example"));
    assertThat(get(port, "client").status()).isEqualTo(200);
    server.stop(0);
    int other = start(base.formatted("grafana.example"));
    assertThatThrownBy(() -> get(other, "client")).isInstanceOf(IOException.class);
  }

  @Test
  void pkcs1RsaAndSec1EcKeysServe() throws Exception {
    pki.writeChain("server", dir.resolve("rsa.crt"));
    pki.writeTraditional("server", dir.resolve("rsa.key"));
    assertThat(Files.readString(dir.resolve("rsa.key")))
        .startsWith("-----BEGIN RSA PRIVATE KEY-----");
    int port = start("tls_server_config:\n  cert_file: rsa.crt\n  key_file: rsa.key\n");
    assertThat(get(port, null).servedName()).isEqualTo("CN=server-one");
    server.stop(0);

    pki.writeChain("server-ec", dir.resolve("ec.crt"));
    pki.writeTraditional("server-ec", dir.resolve("ec.key"));
    assertThat(Files.readString(dir.resolve("ec.key")))
        .startsWith("-----BEGIN EC PRIVATE KEY-----");
    int ec = start("tls_server_config:\n  cert_file: ec.crt\n  key_file: ec.key\n");
    assertThat(get(ec, null).servedName()).isEqualTo("CN=server-ec");
    assertThat(get(ec, null, "TLSv1.2").servedName()).isEqualTo("CN=server-ec");
  }

  @Test
  void inlineCertificateAndKeyServe() throws Exception {
    String cert = Files.readString(pki.writeChain("server", dir.resolve("x.crt"))).indent(4);
    String key = Files.readString(pki.writePkcs8("server", dir.resolve("x.key"))).indent(4);
    int port = start("tls_server_config:\n  cert: |\n" + cert + "  key: |\n" + key);
    assertThat(get(port, null).servedName()).isEqualTo("CN=server-one");
  }

  @Test
  void rotatedFilesAreServedWithoutRestartAndABrokenPairKeepsTheOldOne() throws Exception {
    serverFiles();
    WebConfig cfg = config("tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\n");
    TlsContextProvider tls =
        new TlsContextProvider(cfg.tls().orElseThrow(), Duration.ZERO, System::nanoTime);
    int port = start(WebSecurity.start(cfg, tls));
    assertThat(get(port, null).servedName()).isEqualTo("CN=server-one");

    ListAppender<ILoggingEvent> logs = capture();
    // Half a rotation: the new certificate is there, its key not yet.
    pki.writeChain("server-ec", dir.resolve("server.crt"));
    for (int i = 0; i < 3; i++) {
      assertThat(get(port, null).servedName()).isEqualTo("CN=server-one");
    }
    assertThat(logs.list).filteredOn(e -> e.getLevel() == Level.WARN).hasSize(1);
    assertThat(logs.list.getFirst().getFormattedMessage())
        .contains("server.key", "does not match", "still serving", "CN=server-one")
        .doesNotContain("\n");

    pki.writeTraditional("server-ec", dir.resolve("server.key"));
    Answer after = get(port, null);
    assertThat(after.servedName()).isEqualTo("CN=server-ec");
    assertThat(after.status()).isEqualTo(200);
    assertThat(tls.certificate().getSubjectX500Principal().getName()).isEqualTo("CN=server-ec");
  }

  @Test
  void filesAreLookedAtAtMostOncePerInterval() throws Exception {
    serverFiles();
    WebConfig cfg = config("tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\n");
    long[] now = {0};
    TlsContextProvider tls =
        new TlsContextProvider(cfg.tls().orElseThrow(), Duration.ofSeconds(1), () -> now[0]);
    pki.writeChain("server-ec", dir.resolve("server.crt"));
    pki.writePkcs8("server-ec", dir.resolve("server.key"));
    now[0] = Duration.ofMillis(999).toNanos();
    tls.parameters();
    assertThat(tls.certificate().getSubjectX500Principal().getName()).isEqualTo("CN=server-one");
    now[0] = Duration.ofMillis(1000).toNanos();
    tls.parameters();
    assertThat(tls.certificate().getSubjectX500Principal().getName()).isEqualTo("CN=server-ec");
  }

  @Test
  void headersAndBasicAuthWorkOverTls() throws Exception {
    serverFiles();
    String hash = UserAuthTest.hash("s3cret", 4);
    int port =
        start(
            """
            tls_server_config:
              cert_file: server.crt
              key_file: server.key
            http_server_config:
              headers:
                Strict-Transport-Security: max-age=31536000
            basic_auth_users:
              prometheus: %s
            """
                .formatted(hash));
    Answer a = get(port, null);
    assertThat(a.status()).isEqualTo(401);
    assertThat(a.headers().firstValue("Strict-Transport-Security")).contains("max-age=31536000");
    assertThat(getPath(port, null, "/-/healthy").status()).isEqualTo(200);
  }

  @Test
  void aReloadedWebConfigChangesClientAuthOnTheRunningServer() throws Exception {
    serverFiles();
    WebSecurity security =
        WebSecurity.start(
            config("tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\n"),
            Optional.empty());
    int port = start(security);
    assertThat(get(port, null).status()).isEqualTo(200);
    security.reload(
        config(
            """
            tls_server_config:
              cert_file: server.crt
              key_file: server.key
              client_auth_type: RequireAndVerifyClientCert
              client_ca_file: ca.crt
            """),
        Optional.empty());
    assertThat(get(port, "client").status()).isEqualTo(200);
    assertThatThrownBy(() -> get(port, null)).isInstanceOf(IOException.class);
    WebConfig broken =
        config("tls_server_config:\n  cert_file: server.crt\n  key_file: missing.key\n");
    assertThatThrownBy(() -> security.reload(broken, Optional.empty()))
        .hasMessageContaining("missing.key");
    assertThat(get(port, "client").status()).as("the old settings still serve").isEqualTo(200);
  }

  @Test
  void aBrokenPairAtStartIsOneReadableLine() throws Exception {
    pki.writeChain("server", dir.resolve("server.crt"));
    pki.writePkcs8("server-ec", dir.resolve("server.key"));
    WebConfig cfg = config("tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\n");
    assertThatThrownBy(() -> WebSecurity.start(cfg, Optional.empty()))
        .isInstanceOf(WebConfigException.class)
        .hasMessage(
            "key_file "
                + dir.resolve("server.key")
                + ": the private key does not match the certificate");
    WebConfig missing =
        config("tls_server_config:\n  cert_file: nope.crt\n  key_file: server.key\n");
    assertThatThrownBy(() -> WebSecurity.start(missing, Optional.empty()))
        .hasMessageStartingWith("cert_file " + dir.resolve("nope.crt") + ": cannot read")
        .hasMessageNotContaining("\n");
  }

  private static ListAppender<ILoggingEvent> capture() {
    Logger logger = (Logger) LoggerFactory.getLogger(TlsContextProvider.class);
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    logger.addAppender(appender);
    return appender;
  }
}
