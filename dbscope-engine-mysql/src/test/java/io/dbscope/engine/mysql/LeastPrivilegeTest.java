package io.dbscope.engine.mysql;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbscope.core.config.DatasourceConfig;
import io.dbscope.core.config.Secret;
import io.dbscope.core.definition.Definition;
import io.dbscope.core.engine.EngineResources;
import io.dbscope.core.engine.ServerFacts;
import io.dbscope.core.scrape.Deadline;
import io.dbscope.core.scrape.MonitoredDatasource;
import io.dbscope.testkit.ExpositionText;
import io.dbscope.testkit.MariaDbFixture;
import io.dbscope.testkit.MarkdownBlock;
import io.dbscope.testkit.Scraped;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The MariaDB user of docs/operations.md, created on a real server with the statements read from
 * that page: collecting as that user, the server's role is known, every planned collector succeeds,
 * and the same collectors and families come out as for root. A user without {@code PROCESS} shows
 * that the grant is what makes the InnoDB compression collectors work.
 */
class LeastPrivilegeTest {
  private static MariaDbFixture db;

  private record Collected(ExpositionText scraped, List<Definition> plan, ServerFacts facts) {}

  @BeforeAll
  static void start() throws Exception {
    db =
        MariaDbFixture.builder()
            .option("plugin-load-add", "query_response_time")
            .option("query-response-time-stats", "ON")
            .start();
    try (Connection c = DriverManager.getConnection(db.jdbcUrl("mysql"), db.user(), db.password());
        Statement st = c.createStatement()) {
      for (String sql : documented("mariadb")) {
        st.execute(sql);
      }
      st.execute("CREATE USER 'weak'@'%' IDENTIFIED BY 'weak'");
      st.execute("GRANT SLAVE MONITOR ON *.* TO 'weak'@'%'");
    }
  }

  @AfterAll
  static void stop() {
    if (db != null) {
      db.close();
    }
  }

  /** The statements of the block after {@code <!-- least-privilege: ENGINE -->} in the docs. */
  static List<String> documented(String engine) throws Exception {
    return MarkdownBlock.statementsAfter(
        Path.of("..", "docs", "operations.md"), "<!-- least-privilege: " + engine + " -->");
  }

  private static Collected collect(String user, String password) {
    DatasourceConfig cfg =
        DatasourceConfig.builder("maria", "mysql")
            .engineAlias("mariadb")
            .host(db.host())
            .port(db.port())
            .user(user)
            .password(Secret.of(password))
            .build();
    MysqlEngine engine = new MysqlEngine();
    try (EngineResources resources = EngineResources.create();
        MonitoredDatasource md =
            new MonitoredDatasource(cfg, engine, engine.open(cfg, resources))) {
      ExpositionText s = Scraped.of(md.collect(Deadline.in(Duration.ofSeconds(20))));
      return new Collected(s, md.plan(), md.facts().orElseThrow());
    }
  }

  @Test
  void theDocumentedStatementsAreTheOnesRun() throws Exception {
    assertThat(documented("mariadb"))
        .containsExactly(
            "CREATE USER 'dbscope'@'%' IDENTIFIED BY 'change-me' WITH MAX_USER_CONNECTIONS 5",
            "GRANT PROCESS, SLAVE MONITOR ON *.* TO 'dbscope'@'%'",
            "GRANT SELECT ON performance_schema.* TO 'dbscope'@'%'");
  }

  @Test
  void everyBuiltinCollectorSucceedsAsTheDocumentedUser() {
    Collected root = collect(db.user(), db.password());
    Collected least = collect("dbscope", "change-me");
    assertThat(least.facts().role())
        .as("SHOW ALL SLAVES STATUS is allowed")
        .isEqualTo(ServerFacts.Role.PRIMARY);
    assertThat(least.facts().extensions()).isEqualTo(root.facts().extensions());
    assertThat(least.plan())
        .extracting(Definition::id)
        .isEqualTo(root.plan().stream().map(Definition::id).toList());
    assertThat(least.plan())
        .extracting(Definition::id)
        .contains("info_schema.innodb_cmp", "info_schema.query_response_time");
    List<ExpositionText.Sample> success = least.scraped().samples("dbscope_collector_success");
    assertThat(success).hasSizeGreaterThanOrEqualTo(least.plan().size());
    assertThat(success)
        .allSatisfy(
            s ->
                assertThat(s.value())
                    .as("collector %s", s.labels().get("collector"))
                    .isEqualTo(1.0));
    assertThat(least.scraped().value("mysql_up")).isEqualTo(1);
    assertThat(least.scraped().types().keySet()).isEqualTo(root.scraped().types().keySet());
  }

  @Test
  void withoutProcessTheInnodbCompressionCollectorsFail() {
    Collected weak = collect("weak", "weak");
    assertThat(
            weak.scraped()
                .value("dbscope_collector_success", "collector", "info_schema.innodb_cmp"))
        .isZero();
    assertThat(weak.scraped().value("dbscope_collector_success", "collector", "global_status"))
        .isEqualTo(1);
  }
}
