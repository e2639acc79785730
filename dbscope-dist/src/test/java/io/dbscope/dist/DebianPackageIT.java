package io.dbscope.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.dbscope.testkit.FreePort;
import io.dbscope.testkit.PostgresFixture;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Debian package that {@code ./mvnw package} builds (target/dbscope_VERSION_ARCH.deb), checked
 * after the package phase: lintian finds no error, it holds what the issue lists, and unpacked into
 * a temp root ({@code dpkg-deb -x}) it runs {@code dbscope check} and {@code dbscope run} against a
 * real PostgreSQL with no JDK on {@code PATH} and no {@code JAVA_HOME}, over TLS (the runtime is
 * jlinked: a missing module would show here), with its ahead-of-time cache and without it.
 *
 * <p>Skips, saying why, only where the package could not be built (no dpkg-deb) or lintian is not
 * installed; scripts/test.sh installs both.
 */
class DebianPackageIT {
  private static final Path DIST = Path.of(System.getProperty("dbscope.dist.dir", "target"));

  private static Path deb() throws IOException {
    Path skipped = DIST.resolve("deb-skipped.txt");
    assumeTrue(!Files.exists(skipped), () -> readQuietly(skipped));
    try (var files = Files.list(DIST)) {
      List<Path> debs =
          files.filter(p -> p.getFileName().toString().matches("dbscope_.*\\.deb")).toList();
      assertThat(debs).as("the package built by ./mvnw package in %s", DIST).hasSize(1);
      return debs.getFirst();
    }
  }

  @Test
  void lintianReportsNoError() throws Exception {
    Optional<Path> lintian = Tools.find("lintian");
    assumeTrue(lintian.isPresent(), "lintian is not installed (apt-get install lintian)");
    Tools.Result r = Tools.run(List.of(lintian.get().toString(), deb().toString()));
    List<String> tags = r.output().lines().filter(l -> l.matches("[EWI]: .*")).toList();
    assertThat(tags).as(r.describe()).noneMatch(l -> l.startsWith("E: "));
    // Every warning is explained in docs/operations.md, so that a new one is looked at.
    String docs = Files.readString(Tools.REPO.resolve("docs/operations.md"));
    for (String w : tags.stream().filter(l -> l.startsWith("W: ")).toList()) {
      String tag = w.replaceFirst("^W: dbscope: (\\S+).*", "$1");
      assertThat(docs).as("docs/operations.md explains lintian's %s", w).contains(tag);
    }
  }

  @Test
  void packageHoldsRuntimeLauncherUnitConfigAndDashboards() throws Exception {
    Path deb = deb();
    String contents = Tools.run(List.of("dpkg-deb", "--contents", deb.toString())).output();
    assertThat(contents)
        .contains(
            "./usr/bin/dbscope",
            "./usr/lib/dbscope/dbscope.jar",
            "./usr/lib/dbscope/dbscope.aot",
            "./usr/lib/dbscope/heap-cap.sh",
            "./usr/lib/dbscope/runtime/bin/java",
            "./etc/dbscope/dbscope.toml",
            "./lib/systemd/system/dbscope.service",
            "./usr/share/dbscope/grafana/dashboards/dbscope-fleet.json",
            "./usr/share/dbscope/prometheus/rules/dbscope-alerts.yml",
            "./usr/share/doc/dbscope/copyright",
            "./usr/share/doc/dbscope/changelog.gz",
            "./usr/share/man/man1/dbscope.1.gz")
        // root-owned, whoever built it
        .doesNotContainPattern("\\s(?!root/root)\\w+/\\w+\\s");
    assertThat(Tools.run(List.of("dpkg-deb", "--info", deb.toString(), "conffiles")).output())
        .isEqualToIgnoringWhitespace("/etc/dbscope/dbscope.toml");
    String postinst = Tools.run(List.of("dpkg-deb", "--info", deb.toString(), "postinst")).output();
    assertThat(postinst).contains("adduser --system", "getent passwd dbscope");
  }

  @Test
  void unpackedPackageServesPostgresOverTlsWithNoJdkOnPath(@TempDir Path dir) throws Exception {
    Path root = dir.resolve("root");
    Tools.Result x = Tools.run(List.of("dpkg-deb", "-x", deb().toString(), root.toString()));
    assertThat(x.exitCode()).as(x.describe()).isZero();
    Path launcher = root.resolve("usr/bin/dbscope");
    assertThat(root.resolve("usr/lib/dbscope/dbscope.aot")).isRegularFile();
    // The launcher's PATH: readlink only (no java anywhere on it), and no JAVA_HOME.
    Path bin = Files.createDirectories(dir.resolve("bin"));
    Files.createSymbolicLink(bin.resolve("readlink"), Tools.find("readlink").orElseThrow());
    Map<String, String> env = Map.of("PATH", bin.toString(), "HOME", dir.toString());
    Optional<Path> openssl = Tools.find("openssl");
    assumeTrue(openssl.isPresent(), "openssl is not installed (it makes the test's certificate)");
    Tools.Result cert =
        Tools.run(
            List.of(
                openssl.get().toString(),
                "req",
                "-x509",
                "-newkey",
                "ec",
                "-pkeyopt",
                "ec_paramgen_curve:P-256",
                "-nodes",
                "-days",
                "2",
                "-subj",
                "/CN=dbscope-test",
                "-addext",
                "subjectAltName=IP:127.0.0.1",
                "-keyout",
                dir.resolve("tls.key").toString(),
                "-out",
                dir.resolve("tls.crt").toString()));
    assertThat(cert.exitCode()).as(cert.describe()).isZero();
    Files.writeString(
        dir.resolve("web.yml"), "tls_server_config:\n  cert_file: tls.crt\n  key_file: tls.key\n");

    try (PostgresFixture pg = PostgresFixture.builder().start()) {
      int port = FreePort.find();
      Path config = dir.resolve("dbscope.toml");
      Files.writeString(
          config,
          """
          listenAddress = "127.0.0.1:%d"
          [[datasource]]
          name = "pg"
          engine = "postgres"
          dbHost = "127.0.0.1:%d"
          database = "postgres"
          dbUser = "%s"
          """
              .formatted(port, pg.port(), pg.user()));

      // check --connect, with the AOT cache (the JVM says it used it) ...
      Tools.Result check =
          Tools.run(
              List.of(launcher.toString(), "check", "--config", config.toString(), "--connect"),
              with(env, "DBSCOPE_JAVA_OPTS", "-Xlog:aot=info"));
      assertThat(check.exitCode()).as(check.describe()).isZero();
      assertThat(check.output())
          .as(check.describe())
          .contains("Using AOT-linked classes: true")
          .doesNotContain("[error");

      // ... run, serving the database over TLS from the package's own runtime ...
      Process run =
          Tools.start(
              List.of(
                  launcher.toString(),
                  "run",
                  "--config",
                  config.toString(),
                  "--web.config.file",
                  dir.resolve("web.yml").toString()),
              env,
              dir.resolve("run.log"));
      try {
        HttpClient client = tlsClient(dir.resolve("tls.crt"));
        URI base = URI.create("https://127.0.0.1:" + port);
        awaitReady(client, base, run, dir.resolve("run.log"));
        assertThat(run.info().command().orElse(""))
            .as("the process runs the package's runtime")
            .isEqualTo(root.resolve("usr/lib/dbscope/runtime/bin/java").toRealPath().toString());
        String metrics = get(client, base.resolve("/metrics")).body();
        assertThat(value(metrics, "dbscope_datasource_up{datasource=\"pg\"")).isEqualTo(1.0);
        assertThat(metrics).contains("pg_up{", "pg_stat_database_xact_commit");
      } finally {
        run.destroy();
        run.waitFor();
      }

      // ... and without the cache: slower to start, nothing else changes. The runtime's default
      // CDS archive still serves the JDK's classes (-Xshare:on fails when no archive matches the
      // launcher's flags, compact object headers among them).
      Files.delete(root.resolve("usr/lib/dbscope/dbscope.aot"));
      Tools.Result noCache =
          Tools.run(
              List.of(launcher.toString(), "check", "--config", config.toString(), "--connect"),
              with(env, "DBSCOPE_JAVA_OPTS", "-Xshare:on"));
      assertThat(noCache.exitCode()).as(noCache.describe()).isZero();
      assertThat(noCache.output()).contains("valid").doesNotContain("[aot]");
    }
  }

  private static Map<String, String> with(Map<String, String> env, String key, String value) {
    var copy = new java.util.HashMap<>(env);
    copy.put(key, value);
    return copy;
  }

  private static HttpClient tlsClient(Path cert) throws Exception {
    KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
    trust.load(null, null);
    try (InputStream in = Files.newInputStream(cert)) {
      trust.setCertificateEntry(
          "dbscope", CertificateFactory.getInstance("X.509").generateCertificate(in));
    }
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(null, tmf.getTrustManagers(), null);
    return HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(5)).build();
  }

  private static void awaitReady(HttpClient client, URI base, Process run, Path log)
      throws Exception {
    long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < end) {
      assertThat(run.isAlive()).as("dbscope run exited: %s", readQuietly(log)).isTrue();
      try {
        if (get(client, base.resolve("/-/ready")).statusCode() == 200) {
          return;
        }
      } catch (IOException notListeningYet) {
        // retried until the deadline
      }
      Thread.sleep(100);
    }
    throw new AssertionError("dbscope not ready within 60 s: " + readQuietly(log));
  }

  private static HttpResponse<String> get(HttpClient client, URI uri) throws Exception {
    return client.send(
        HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** The value of the first sample whose line starts with {@code prefix}. */
  private static double value(String exposition, String prefix) {
    Matcher m =
        Pattern.compile("^" + Pattern.quote(prefix) + "[^}]*} (\\S+)$", Pattern.MULTILINE)
            .matcher(exposition);
    assertThat(m.find()).as("a sample %s... in:%n%s", prefix, exposition).isTrue();
    return Double.parseDouble(m.group(1));
  }

  private static String readQuietly(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      return "(" + file + " unreadable: " + e.getMessage() + ")";
    }
  }
}
