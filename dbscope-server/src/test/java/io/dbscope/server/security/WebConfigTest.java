package io.dbscope.server.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dbscope.core.config.ConfigLoader;
import io.dbscope.core.config.DbscopeConfig;
import io.dbscope.server.Engines;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WebConfigTest {
  private static final String HASH = "$2y$10$mDwo.lAisC94iLAyP81MCesa29IzH37oigHC/42V2pdJlUprsJPze";
  @TempDir Path dir;

  private WebConfig parse(String yaml) throws WebConfigException {
    return WebConfig.parse(yaml, dir.resolve("web-config.yml"));
  }

  private String error(String yaml) {
    try {
      parse(yaml);
    } catch (WebConfigException e) {
      assertThat(e.getMessage())
          .doesNotContain("\n")
          .startsWith("web config " + dir.resolve("web-config.yml"));
      return e.getMessage();
    }
    throw new AssertionError("expected an error for:\n" + yaml);
  }

  @Test
  void theExporterToolkitDocsSampleLoadsUnchanged() throws Exception {
    Path file = dir.resolve("web-config.yml");
    try (InputStream in = getClass().getResourceAsStream("exporter-toolkit-web-config.yml")) {
      Files.write(file, in.readAllBytes());
    }
    WebConfig c = WebConfig.load(file);
    assertThat(c.source()).contains(file);
    WebConfig.Tls tls = c.tls().orElseThrow();
    assertThat(tls.cert().file()).contains(dir.resolve("server.crt"));
    assertThat(tls.key().file()).contains(dir.resolve("server.key"));
    assertThat(tls.clientAuth()).isEqualTo(ClientAuth.NO_CLIENT_CERT);
    assertThat(tls.minVersion()).isEqualTo(TlsVersion.TLS12);
    assertThat(tls.maxVersion()).isEqualTo(TlsVersion.TLS13);
    assertThat(tls.preferServerCipherSuites()).isTrue();
    assertThat(c.users()).containsOnlyKeys("alice", "bob");
    assertThat(c.authExcludedPaths()).containsExactly("/-/healthy", "/-/ready");
    assertThat(c.notes()).isEmpty();
    assertThat(c.toString()).doesNotContain("$2y$");
  }

  @Test
  void theExampleInDocsOperationsLoads() throws Exception {
    String doc = Files.readString(Path.of("..", "docs", "operations.md"));
    int section = doc.indexOf("## TLS and authentication");
    int open = doc.indexOf("```yaml", section);
    int body = doc.indexOf('\n', open) + 1;
    WebConfig c = parse(doc.substring(body, doc.indexOf("```", body)));
    assertThat(c.tls().orElseThrow().clientAuth())
        .isEqualTo(ClientAuth.REQUIRE_AND_VERIFY_CLIENT_CERT);
    assertThat(c.users()).containsOnlyKeys("prometheus");
    assertThat(c.headers()).containsKeys("Strict-Transport-Security", "X-Content-Type-Options");
    assertThat(c.notes()).isEmpty();
  }

  @Test
  void everyKeyOfTheToolkitFormatIsAccepted() throws Exception {
    WebConfig c =
        parse(
            """
            tls_server_config:
              cert_file: /etc/ssl/dbscope.crt
              key_file: keys/dbscope.key
              client_auth_type: RequireAndVerifyClientCert
              client_ca_file: ca.pem
              client_allowed_sans: [prometheus.example, 10.0.0.1]
              min_version: TLS12
              max_version: TLS13
              cipher_suites:
                - TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256
                - TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305
              prefer_server_cipher_suites: false
              curve_preferences: [X25519, CurveP256, CurveP384, CurveP521]
            http_server_config:
              http2: true
              headers:
                Content-Security-Policy: default-src 'self'
                X-Frame-Options: deny
                X-Content-Type-Options: nosniff
                X-XSS-Protection: "1; mode=block"
                Strict-Transport-Security: max-age=31536000; includeSubDomains
            basic_auth_users:
              prometheus: %s
            rate_limit:
              interval: 1m30s
              burst: 10
            ip_socket_config:
              dscp: 46
            """
                .formatted(HASH));
    WebConfig.Tls tls = c.tls().orElseThrow();
    assertThat(tls.cert().file()).contains(Path.of("/etc/ssl/dbscope.crt"));
    assertThat(tls.key().file()).contains(dir.resolve("keys/dbscope.key"));
    assertThat(tls.clientCa().orElseThrow().file()).contains(dir.resolve("ca.pem"));
    assertThat(tls.clientAuth()).isEqualTo(ClientAuth.REQUIRE_AND_VERIFY_CLIENT_CERT);
    assertThat(tls.clientAllowedSans()).containsExactly("prometheus.example", "10.0.0.1");
    assertThat(tls.cipherSuites())
        .containsExactly(
            "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256");
    assertThat(tls.namedGroups()).containsExactly("x25519", "secp256r1", "secp384r1", "secp521r1");
    assertThat(tls.preferServerCipherSuites()).isFalse();
    assertThat(c.headers()).hasSize(5).containsEntry("X-Frame-Options", "deny");
    assertThat(c.rateLimit()).contains(new WebConfig.RateLimit(Duration.ofSeconds(90), 10));
    assertThat(c.notes()).hasSize(2);
    assertThat(c.notes().get(0)).contains("http2", "ignored");
    assertThat(c.notes().get(1)).contains("ip_socket_config", "ignored");
  }

  @Test
  void inlineCertificatesAndTheOldClientAuthNameAreAccepted() throws Exception {
    WebConfig c =
        parse(
            """
            tls_server_config:
              cert: |
                -----BEGIN CERTIFICATE-----
                -----END CERTIFICATE-----
              key: secret-key-text
              client_ca: ca-text
              client_auth_type: RequireClientCert
            """);
    WebConfig.Tls tls = c.tls().orElseThrow();
    assertThat(tls.cert().inline()).isPresent();
    assertThat(tls.clientAuth()).isEqualTo(ClientAuth.REQUIRE_ANY_CLIENT_CERT);
    assertThat(tls.key().toString()).isEqualTo("key (inline)").doesNotContain("secret-key-text");
  }

  @Test
  void anEmptyFileOrOneWithoutCertificateMeansPlainHttp() throws Exception {
    WebConfig empty = parse("");
    assertThat(empty.tls()).isEmpty();
    assertThat(empty.users()).isEmpty();
    assertThat(empty.authenticator()).isEmpty();
    WebConfig versionsOnly = parse("tls_server_config:\n  min_version: TLS13\n");
    assertThat(versionsOnly.tls()).isEmpty();
    assertThat(versionsOnly.notes()).singleElement().asString().contains("plain HTTP");
  }

  @Test
  void unknownKeysAreErrorsNamingFileLineAndKey() {
    assertThat(error("tls_server_config:\n  cert_file: a\n  key_fil: b\n"))
        .endsWith(
            "web-config.yml line 3: tls_server_config.key_fil: unknown key (did you mean"
                + " key_file?)");
    assertThat(error("basic_auth_user:\n  a: b\n"))
        .contains("line 1: basic_auth_user: unknown key (did you mean basic_auth_users?)");
    assertThat(error("http_server_config:\n  http3: true\n"))
        .contains("line 2: http_server_config.http3: unknown key");
    assertThat(error("rate_limit:\n  every: 1s\n")).contains("rate_limit.every: unknown key");
  }

  @Test
  void wrongValuesAreOneLineErrors() {
    assertThat(error("tls_server_config:\n  cert_file: a\n  key_file: b\n  min_version: TLS14\n"))
        .contains("line 4: tls_server_config.min_version: unknown TLS version \"TLS14\"");
    assertThat(
            error(
                "tls_server_config:\n"
                    + "  cert_file: a\n"
                    + "  key_file: b\n"
                    + "  min_version: TLS13\n"
                    + "  max_version: TLS12\n"))
        .contains("TLS13 is above max_version TLS12");
    assertThat(
            error(
                "tls_server_config:\n  cert_file: a\n  key_file: b\n  client_auth_type: Always\n"))
        .contains("client_auth_type: unknown client auth type \"Always\"");
    assertThat(
            error(
                "tls_server_config:\n  cert_file: a\n  key_file: b\n  cipher_suites: [TLS_NOPE]\n"))
        .contains("cipher_suites: unknown cipher suite \"TLS_NOPE\"");
    assertThat(
            error(
                "tls_server_config:\n"
                    + "  cert_file: a\n"
                    + "  key_file: b\n"
                    + "  curve_preferences: [CurveP999]\n"))
        .contains("unknown curve \"CurveP999\"");
    assertThat(error("tls_server_config:\n  cert_file: a\n"))
        .contains("tls_server_config: missing one of key or key_file");
    assertThat(error("tls_server_config:\n  key_file: a\n"))
        .contains("missing one of cert or cert_file");
    assertThat(error("tls_server_config:\n  cert_file: a\n  key_file: b\n  client_ca_file: c\n"))
        .contains("client_ca_file: a client CA is configured but client_auth_type is NoClientCert");
    assertThat(
            error(
                "tls_server_config:\n"
                    + "  cert_file: a\n"
                    + "  key_file: b\n"
                    + "  client_auth_type: VerifyClientCertIfGiven\n"
                    + "  client_allowed_sans: [x]\n"))
        .contains(
            "client_allowed_sans: needs client_auth_type RequireAnyClientCert or"
                + " RequireAndVerifyClientCert");
    assertThat(error("tls_server_config: [a]\n"))
        .contains("tls_server_config: expected a map of keys, got a list");
    assertThat(error("tls_server_config:\n  prefer_server_cipher_suites: maybe\n"))
        .contains("expected true or false");
    assertThat(error("rate_limit:\n  interval: soon\n"))
        .contains("rate_limit.interval: expected a duration");
    assertThat(error("ip_socket_config:\n  dscp: 64\n"))
        .contains("ip_socket_config.dscp: 64 is outside 0..63");
    assertThat(error("a: [\n")).contains("not valid YAML");
    assertThat(error("basic_auth_users:\n  a: x\n  a: y\n")).contains("not valid YAML");
  }

  @Test
  void headersAreLimitedToTheToolkitsList() {
    assertThat(error("http_server_config:\n  headers:\n    Server: dbscope\n"))
        .contains(
            "line 3: http_server_config.headers.Server: HTTP header \"Server\" can not be"
                + " configured");
    assertThat(error("http_server_config:\n  headers:\n    X-Frame-Options: allow\n"))
        .contains("expected one of [deny, sameorigin], got \"allow\"");
  }

  @Test
  void passwordsMustBeBcryptHashesAndAreNeverQuoted() {
    String e = error("basic_auth_users:\n  alice: hunter2\n");
    assertThat(e)
        .contains("line 2: basic_auth_users.alice: not a bcrypt hash")
        .doesNotContain("hunter2");
  }

  @Test
  void seedBasicAuthAndAWebConfigCannotBothBeUsed() {
    Path web = dir.resolve("web-config.yml");
    assertThat(WebConfig.conflict(config(true), Optional.of(web)))
        .get()
        .asString()
        .contains(
            "enableBasicAuth = true in " + dir.resolve("with-auth.toml"),
            "--web.config.file " + web,
            "basic_auth_users")
        .doesNotContain("\n");
    assertThat(WebConfig.conflict(config(true), Optional.empty())).isEmpty();
    assertThat(WebConfig.conflict(config(false), Optional.of(web))).isEmpty();
  }

  @Test
  void loadNamesAMissingFile() {
    Path missing = dir.resolve("nope.yml");
    assertThatThrownBy(() -> WebConfig.load(missing))
        .hasMessage("web config " + missing + ": file not found");
  }

  @Test
  void aFileWrittenByHandWithWindowsLineEndingsLoads() throws Exception {
    Path file = dir.resolve("web.yml");
    Files.writeString(file, "basic_auth_users:\r\n  bob: " + HASH + "\r\n", StandardCharsets.UTF_8);
    assertThat(WebConfig.load(file).users()).containsEntry("bob", HASH);
  }

  /** A real config file, read as dbscope reads it, with or without the seed's basic auth. */
  private DbscopeConfig config(boolean basicAuth) {
    try {
      Path file = dir.resolve(basicAuth ? "with-auth.toml" : "without-auth.toml");
      Files.writeString(
          file,
          "enableBasicAuth = "
              + basicAuth
              + "\nbasicAuthUsername = \"admin\"\n"
              + "basicAuthPassword = \""
              + HASH
              + "\"\n"
              + "[[datasource]]\n"
              + "name = \"cache\"\n"
              + "engine = \"redis\"\n"
              + "dbHost = \"127.0.0.1:6379\"\n");
      return new ConfigLoader(Engines.catalog(), Map.of()).load(file).config();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
