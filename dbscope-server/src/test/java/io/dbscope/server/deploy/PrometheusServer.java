package io.dbscope.server.deploy;

import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dbscope.testkit.FreePort;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A real Prometheus server (Debian's {@code prometheus} binary) on a free loopback port, with its
 * config, TSDB and log in a temp dir, for tests that need PromQL and rule evaluation done by
 * Prometheus itself rather than by promtool's fixed series. {@link #close()} stops the process.
 *
 * <pre>{@code
 * try (PrometheusServer p = PrometheusServer.start(dir, yaml)) { p.query("up") ... }
 * }</pre>
 */
final class PrometheusServer implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Process process;
  private final Path log;
  private final String base;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private PrometheusServer(Process process, Path log, int port) {
    this.process = process;
    this.log = log;
    this.base = "http://127.0.0.1:" + port;
  }

  /**
   * Writes {@code config} to {@code dir/prometheus.yml}, starts Prometheus on it and waits until it
   * is ready (at most 30 s).
   */
  static PrometheusServer start(Path dir, String config) {
    Path binary = Tools.prometheus();
    int port = FreePort.find();
    Path file = dir.resolve("prometheus.yml");
    Path log = dir.resolve("prometheus.log");
    Process p;
    try {
      Files.writeString(file, config);
      p =
          new ProcessBuilder(
                  binary.toString(),
                  "--config.file=" + file,
                  "--storage.tsdb.path=" + dir.resolve("data"),
                  "--web.listen-address=127.0.0.1:" + port,
                  "--log.level=warn")
              .directory(dir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
              .start();
    } catch (IOException e) {
      return fail("cannot start " + binary + ": " + e.getMessage(), e);
    }
    PrometheusServer server = new PrometheusServer(p, log, port);
    server.awaitReady(Duration.ofSeconds(30));
    return server;
  }

  private void awaitReady(Duration timeout) {
    long end = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < end) {
      if (!process.isAlive()) {
        fail("prometheus exited with " + process.exitValue() + ":\n" + log());
      }
      try {
        if (get("/-/ready").statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      sleep(Duration.ofMillis(200));
    }
    close();
    fail("prometheus not ready within " + timeout + ":\n" + log());
  }

  /** An instant query at the current time: Prometheus' whole answer (status, data or error). */
  JsonNode query(String expr) {
    return api("/api/v1/query?query=" + URLEncoder.encode(expr, StandardCharsets.UTF_8));
  }

  /** A GET of the HTTP API, e.g. {@code /api/v1/rules}: the answer's JSON, errors included. */
  JsonNode api(String pathAndQuery) {
    try {
      return JSON.readTree(get(pathAndQuery).body());
    } catch (IOException e) {
      return fail("GET " + pathAndQuery + " failed: " + e.getMessage() + "\n" + log(), e);
    }
  }

  /** What Prometheus logged so far (warnings and errors). */
  String log() {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  private HttpResponse<String> get(String pathAndQuery) throws IOException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(base + pathAndQuery))
            .timeout(Duration.ofSeconds(10))
            .GET()
            .build();
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  static void sleep(Duration d) {
    try {
      Thread.sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      fail("interrupted");
    }
  }

  /** Stops Prometheus: SIGTERM, then SIGKILL after 10 s. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    http.close();
  }
}
