package io.dbscope.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.microsoft.playwright.APIRequest;
import com.microsoft.playwright.APIRequestContext;
import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.HttpCredentials;
import io.dbscope.core.config.ConfigLoader;
import io.dbscope.server.Engines;
import io.dbscope.server.cli.RunCommand;
import io.dbscope.testkit.PostgresFixture;
import io.dbscope.testkit.RedisFixture;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console in Debian's Chromium, driven by Playwright, against dbscope monitoring a real
 * PostgreSQL (with pg_stat_statements) and two real Redis servers, behind basic auth: the fleet
 * lists the datasources with their states and a stopped server turns unhealthy (and first), Top SQL
 * sorts and pages by its links, a statement page opens, and pages and API refuse a client without
 * credentials. With {@code -Ddbscope.updateDocs=true} the screenshots go to {@code docs/console/}
 * (for docs/console.md), else to {@code target/}.
 */
class ConsoleBrowserTest {
  private static final String USER = "ops";
  private static final String PASSWORD = "console-pw";

  @Test
  void theConsoleInARealBrowser(@TempDir Path dir) throws Exception {
    Path shots =
        Boolean.getBoolean("dbscope.updateDocs")
            ? Path.of("..", "docs", "console")
            : Path.of("target", "screenshots");
    Files.createDirectories(shots);
    try (PostgresFixture pg = PostgresFixture.builder().statStatements().start();
        RedisFixture cacheA = RedisFixture.system().start()) {
      RedisFixture cacheB = RedisFixture.system().start();
      try (Connection c = pg.connect();
          Statement st = c.createStatement()) {
        st.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
        st.execute("CREATE TABLE orders (id int, customer text, total numeric)");
        for (int i = 0; i < 40; i++) {
          st.execute("INSERT INTO orders VALUES (" + i + ", 'c" + i % 7 + "', " + i * 3 + ")");
          st.executeQuery("SELECT count(*) FROM orders WHERE customer = 'c" + i % 7 + "'").close();
        }
        for (int i = 0; i < 12; i++) {
          st.executeQuery("SELECT customer, sum(total) FROM orders GROUP BY customer").close();
          st.execute("UPDATE orders SET total = total + 1 WHERE id = " + i);
        }
      }
      Path cfg = dir.resolve("console.toml");
      Files.writeString(
          cfg,
          """
          listenAddress = "127.0.0.1:0"
          enableBasicAuth = true
          basicAuthUsername = "%s"
          basicAuthPassword = "%s"
          [[datasource]]
          name = "orders-db"
          engine = "postgres"
          dbHost = "127.0.0.1:%d"
          dbUser = "postgres"
          labels = "team=shop,env=prod"
          healthCheckInterval = 1
          [[datasource]]
          name = "sessions-cache"
          engine = "redis"
          dbHost = "127.0.0.1:%d"
          labels = "team=web,env=prod"
          healthCheckInterval = 1
          [[datasource]]
          name = "carts-cache"
          engine = "redis"
          dbHost = "127.0.0.1:%d"
          labels = "team=shop,env=prod"
          healthCheckInterval = 1
          """
              .formatted(USER, PASSWORD, pg.port(), cacheA.port(), cacheB.port()));
      try (RunCommand.Running running =
              RunCommand.start(
                  cfg, new ConfigLoader(Engines.catalog(), Map.of()).load(cfg), Engines.catalog());
          Playwright pw = Playwright.create();
          Browser browser =
              pw.chromium()
                  .launch(
                      new BrowserType.LaunchOptions()
                          .setExecutablePath(Path.of("/usr/bin/chromium"))
                          .setArgs(
                              List.of(
                                  "--headless",
                                  "--no-sandbox",
                                  "--disable-gpu",
                                  "--disable-background-networking")))) {
        String base = "http://127.0.0.1:" + running.http().port();
        scrape(base);
        await()
            .atMost(Duration.ofSeconds(20))
            .until(() -> scrape(base).contains("pg_query_calls_total{"));

        // Without credentials: pages and API refused. Headless Chromium turns the 401 and its
        // challenge into a failed navigation; the request context shows the status itself.
        try (BrowserContext anonymous = browser.newContext()) {
          Page p = anonymous.newPage();
          assertThatThrownBy(() -> p.navigate(base + "/"))
              .hasMessageContaining("ERR_INVALID_AUTH_CREDENTIALS");
          APIRequestContext api = pw.request().newContext(new APIRequest.NewContextOptions());
          for (String path : List.of("/", "/sql", "/ds/orders-db", "/api/v1/datasources")) {
            APIResponse r = api.get(base + path);
            assertThat(r.status()).as(path).isEqualTo(401);
            assertThat(r.text()).as(path).doesNotContain("orders-db");
          }
          api.dispose();
        }

        try (BrowserContext ctx =
            browser.newContext(
                new Browser.NewContextOptions()
                    .setHttpCredentials(new HttpCredentials(USER, PASSWORD))
                    .setViewportSize(1280, 800))) {
          Page page = ctx.newPage();
          // Fleet: every datasource healthy.
          await()
              .atMost(Duration.ofSeconds(15))
              .until(
                  () -> {
                    page.navigate(base + "/");
                    return page.locator("#fleet tbody tr[data-state=healthy]").count() == 3;
                  });
          assertThat(page.locator("#fleet tbody").innerText())
              .contains("orders-db", "sessions-cache", "carts-cache");
          page.screenshot(new Page.ScreenshotOptions().setPath(shots.resolve("fleet.png")));

          // Stop one server: it turns unhealthy and comes first.
          cacheB.close();
          await()
              .atMost(Duration.ofSeconds(20))
              .until(
                  () -> {
                    page.navigate(base + "/");
                    return page.locator("#fleet tbody tr")
                        .first()
                        .getAttribute("data-state")
                        .equals("unhealthy");
                  });
          assertThat(page.locator("#fleet tbody tr").first().innerText()).contains("carts-cache");
          page.screenshot(
              new Page.ScreenshotOptions().setPath(shots.resolve("fleet-unhealthy.png")));
          // The state filter, through htmx: only the unhealthy one is left, and the URL says so.
          page.selectOption("select[name=state]", "unhealthy");
          page.waitForURL("**state=unhealthy**");
          await()
              .atMost(Duration.ofSeconds(5))
              .until(() -> page.locator("#fleet tbody tr").count() == 1);

          // Datasource page.
          page.navigate(base + "/ds/orders-db");
          assertThat(page.locator("#collectors tbody tr").count()).isGreaterThan(5);
          page.screenshot(
              new Page.ScreenshotOptions()
                  .setPath(shots.resolve("datasource.png"))
                  .setFullPage(true));

          // Top SQL: sort by calls through the header link, then page.
          page.navigate(base + "/sql?datasource=orders-db&page_size=5");
          page.click("a[data-sort=calls]");
          page.waitForURL("**sort=calls**");
          List<Double> calls = column(page, 3);
          assertThat(calls).hasSize(5).isSortedAccordingTo((a, b) -> Double.compare(b, a));
          page.screenshot(new Page.ScreenshotOptions().setPath(shots.resolve("topsql.png")));
          String firstOnPage1 = page.locator("#topsql tbody tr").first().innerText();
          page.click("a[rel=next]");
          page.waitForURL("**page=2**");
          assertThat(page.url()).contains("sort=calls").contains("datasource=orders-db");
          assertThat(page.locator("#topsql tbody tr").first().innerText())
              .isNotEqualTo(firstOnPage1);
          assertThat(column(page, 3).getFirst()).isLessThanOrEqualTo(calls.getLast());

          // A statement page opens from Top SQL.
          page.navigate(base + "/sql?datasource=orders-db&q=orders");
          page.locator("#topsql a.sql").first().click();
          page.waitForURL("**/sql/orders-db/**");
          assertThat(page.locator("#text").innerText()).containsIgnoringCase("orders");
          assertThat(page.locator("#stats tbody").innerText()).contains("calls");
          page.screenshot(
              new Page.ScreenshotOptions()
                  .setPath(shots.resolve("statement.png"))
                  .setFullPage(true));
        }
      }
    }
  }

  /** The numbers of one Top SQL column ("1,234" or "12"). */
  private static List<Double> column(Page page, int index) {
    return page.locator("#topsql tbody tr td:nth-child(" + index + ")").allInnerTexts().stream()
        .map(t -> Double.parseDouble(t.replace(",", "").trim()))
        .toList();
  }

  /** One /metrics scrape with credentials, so that dbscope collects (as Prometheus would). */
  private static String scrape(String base) throws Exception {
    String auth = "Basic " + Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes());
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create(base + "/metrics"))
                .header("Authorization", auth)
                .build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }
}
