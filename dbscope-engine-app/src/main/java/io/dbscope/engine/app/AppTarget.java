package io.dbscope.engine.app;

import io.dbscope.core.config.DatasourceConfig;
import io.dbscope.core.engine.Session;
import io.dbscope.core.engine.Target;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/**
 * The application's statements endpoint. "Opening" it is one GET: the session then holds the parsed
 * answer, so a scrape (and a health check) reads the application exactly once. The JDK client
 * speaks http and https (the JVM's trust store); {@code dbUser} with a password is sent as basic
 * auth.
 */
final class AppTarget implements Target {
  /** dbscope-jdbc serves at most a few thousand rows; more is not that endpoint. */
  static final int MAX_BODY_BYTES = 16 << 20;

  private final URI url;
  private final String authorization;
  private final String appDatasource;
  private final Duration queryTimeout;
  private final HttpClient client;

  AppTarget(DatasourceConfig config) {
    this.url = config.url().orElseThrow();
    this.authorization =
        config.user().isEmpty()
            ? ""
            : "Basic "
                + Base64.getEncoder()
                    .encodeToString(
                        (config.user() + ":" + config.password().reveal())
                            .getBytes(StandardCharsets.UTF_8));
    this.appDatasource = config.option(AppOptions.APP_DATASOURCE);
    this.queryTimeout = config.queryTimeout();
    this.client =
        HttpClient.newBuilder()
            .connectTimeout(config.connectTimeout())
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  @Override
  public Session open(Duration timeout) throws Exception {
    // Core gives open() the connect timeout capped by the scrape's deadline; as opening is the
    // whole read here, the answer must come within that or the query timeout, the shorter.
    Duration limit = timeout.compareTo(queryTimeout) < 0 ? timeout : queryTimeout;
    HttpRequest.Builder request =
        HttpRequest.newBuilder(url).timeout(limit).header("Accept", "application/json").GET();
    if (!authorization.isEmpty()) {
      request.header("Authorization", authorization);
    }
    HttpResponse<InputStream> response =
        client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    try (InputStream body = response.body()) {
      int status = response.statusCode();
      if (status == 401 || status == 403) {
        throw new IOException("authentication refused by the application (HTTP " + status + ")");
      }
      if (status != 200) {
        throw new IOException("the application answered HTTP " + status);
      }
      byte[] bytes = body.readNBytes(MAX_BODY_BYTES + 1);
      if (bytes.length > MAX_BODY_BYTES) {
        throw new IOException("the answer is larger than " + MAX_BODY_BYTES + " bytes");
      }
      return new AppSession(AppStatementsJson.parse(bytes, appDatasource));
    }
  }

  @Override
  public void close() {
    client.close();
  }
}
