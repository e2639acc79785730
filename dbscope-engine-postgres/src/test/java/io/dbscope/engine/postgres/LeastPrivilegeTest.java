package io.dbscope.engine.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbscope.core.config.DatasourceConfig;
import io.dbscope.core.config.Secret;
import io.dbscope.core.definition.Definition;
import io.dbscope.core.engine.EngineResources;
import io.dbscope.core.engine.ServerFacts;
import io.dbscope.core.scrape.Deadline;
import io.dbscope.core.scrape.MonitoredDatasource;
import io.dbscope.testkit.ExpositionText;
import io.dbscope.testkit.MarkdownBlock;
import io.dbscope.testkit.PostgresFixture;
import io.dbscope.testkit.Scraped;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The PostgreSQL user of docs/operations.md, created on a real server with the statements read from
 * that page (so the page cannot drift from what is tested): collecting as that user, every planned
 * collector succeeds and the same collectors and families come out as for the superuser. The server
 * is hardened first ({@code CONNECT} revoked from {@code PUBLIC}), so the documented grants have to
 * carry the login themselves.
 */
class LeastPrivilegeTest {
  private static PostgresFixture pg;

  private record Collected(ExpositionText text, List<Definition> plan, ServerFacts facts) {}

  @BeforeAll
  static void start() throws Exception {
    pg = PostgresFixture.builder().start();
    try (Connection c = pg.connect();
        Statement st = c.createStatement()) {
      st.execute("REVOKE CONNECT ON DATABASE postgres FROM PUBLIC");
      st.execute("CREATE TABLE items (id int PRIMARY KEY, name text)");
      st.execute("INSERT INTO items SELECT g, 'item ' || g FROM generate_series(1, 100) g");
      for (String sql : documented("postgres")) {
        st.execute(sql);
      }
    }
  }

  @AfterAll
  static void stop() {
    if (pg != null) {
      pg.close();
    }
  }

  /** The statements of the block after {@code <!-- least-privilege: ENGINE -->} in the docs. */
  static List<String> documented(String engine) throws Exception {
    return MarkdownBlock.statementsAfter(
        Path.of("..", "docs", "operations.md"), "<!-- least-privilege: " + engine + " -->");
  }

  private static Collected collect(String user, String password) throws Exception {
    DatasourceConfig cfg =
        DatasourceConfig.builder("pg", "postgres")
            .host(pg.host())
            .port(pg.port())
            .user(user)
            .password(Secret.of(password))
            .build();
    PostgresEngine engine = new PostgresEngine();
    try (EngineResources resources = EngineResources.create();
        MonitoredDatasource md =
            new MonitoredDatasource(cfg, engine, engine.open(cfg, resources))) {
      return new Collected(
          Scraped.of(md.collect(Deadline.in(Duration.ofSeconds(20)))),
          md.plan(),
          md.facts().orElseThrow());
    }
  }

  @Test
  void theDocumentedStatementsAreTheOnesRun() throws Exception {
    assertThat(documented("postgres"))
        .containsExactly(
            "CREATE ROLE dbscope LOGIN PASSWORD 'change-me' CONNECTION LIMIT 5",
            "GRANT pg_monitor TO dbscope",
            "GRANT CONNECT ON DATABASE postgres TO dbscope");
  }

  @Test
  void everyBuiltinCollectorSucceedsAsTheDocumentedUser() throws Exception {
    Collected admin = collect(pg.user(), "");
    Collected least;
    // Another user's open transaction is visible only with pg_monitor (pg_read_all_stats).
    try (Connection other = pg.connect();
        Statement st = other.createStatement()) {
      other.setAutoCommit(false);
      st.execute("SELECT count(*) FROM items");
      least = collect("dbscope", "change-me");
      other.rollback();
    }
    assertThat(least.facts().role()).isEqualTo(ServerFacts.Role.PRIMARY);
    assertThat(least.plan())
        .extracting(Definition::id)
        .isEqualTo(admin.plan().stream().map(Definition::id).toList());
    List<ExpositionText.Sample> success = least.text().samples("dbscope_collector_success");
    assertThat(success).hasSizeGreaterThanOrEqualTo(least.plan().size());
    assertThat(success)
        .allSatisfy(
            s ->
                assertThat(s.value())
                    .as("collector %s", s.labels().get("collector"))
                    .isEqualTo(1.0));
    assertThat(least.text().samples("pg_up"))
        .singleElement()
        .extracting(ExpositionText.Sample::value)
        .isEqualTo(1.0);
    assertThat(least.text().types().keySet()).isEqualTo(admin.text().types().keySet());
    assertThat(
            least
                .text()
                .samples(
                    "pg_stat_activity_count",
                    Map.of(
                        "datname",
                        "postgres",
                        "state",
                        "idle in transaction",
                        "usename",
                        "postgres")))
        .singleElement()
        .extracting(ExpositionText.Sample::value)
        .isEqualTo(1.0);
    assertThat(least.text().samples("pg_stat_user_tables_n_live_tup", Map.of("relname", "items")))
        .hasSize(1);
  }
}
