package io.dbscope.testkit.contract;

import io.dbscope.core.config.DatasourceBuilder;
import io.dbscope.core.config.DatasourceConfig;
import io.dbscope.core.config.EngineOptions;
import io.dbscope.core.config.Option;
import io.dbscope.core.custom.CustomFiles;
import io.dbscope.core.custom.CustomMetricsLoader;
import io.dbscope.core.engine.Engine;
import io.dbscope.core.engine.EngineResources;
import io.dbscope.core.scrape.Deadline;
import io.dbscope.core.scrape.MonitoredDatasource;
import io.dbscope.testkit.ExpositionText;
import io.dbscope.testkit.Scraped;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every custom-metrics contract of a SQL engine needs: one real server per test class (a
 * {@link SqlEngineUnderTest}), and small helpers to write {@code [[metric]]} files, build a
 * datasource on them and ask the server directly. The contracts ({@link CustomMetricsContract},
 * {@link ResultBoundsContract}, {@link FailingQueryContract}, {@link CleanSessionContract}) hold
 * the shared tests; an engine's test is a thin subclass that says which engine and the SQL that
 * prepares its server for the contract.
 *
 * <p>The test instance lives for the whole class, so that {@link BeforeAll} can ask the subclass
 * (an instance) for its engine: the server is started once per class, as with static fixtures.
 *
 * <pre>{@code
 * class PostgresResultBoundsTest extends ResultBoundsContract {
 *   protected SqlEngineUnderTest start() { return PostgresUnderTest.start(); }
 *   ...
 * }
 * }</pre>
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class SqlContract {
  /** Where the tests write their custom-metrics files; one folder for the class. */
  @TempDir protected Path dir;

  private SqlEngineUnderTest db;
  private EngineResources resources;

  /** Starts the engine's real server; it is closed after the last test of the class. */
  protected abstract SqlEngineUnderTest start() throws Exception;

  /**
   * Statements that prepare the server for the contract (tables, views, functions, users), run as
   * its admin after the engine's {@link SqlEngineUnderTest#prepare()}.
   */
  protected abstract List<String> setup();

  @BeforeAll
  final void startContractServer() throws Exception {
    db = start();
    resources = EngineResources.create();
    List<String> all = new ArrayList<>(db.prepare());
    all.addAll(setup());
    sql(all.toArray(String[]::new));
  }

  @AfterAll
  final void stopContractServer() {
    if (resources != null) {
      resources.close();
    }
    if (db != null) {
      db.close();
    }
  }

  /** The engine on its server. */
  protected final SqlEngineUnderTest db() {
    return db;
  }

  protected final Engine engine() {
    return db.engine();
  }

  protected final EngineResources resources() {
    return resources;
  }

  /**
   * A datasource named {@link #name()} of this engine on the server, connected as its admin; the
   * tests add files, timeouts and bounds.
   */
  protected DatasourceBuilder datasourceConfig() {
    return db.datasource();
  }

  /** The datasource name {@link #datasourceConfig()} gives, as it stands in labels and logs. */
  protected final String name() {
    return db.name();
  }

  /** The engine's up gauge, {@code pg_up} for example. */
  protected final String upMetric() {
    return db.upMetric();
  }

  /** A built-in collector that runs next to the custom ones, {@code pg_stat_database} say. */
  protected final String builtInCollector() {
    return db.builtInCollector();
  }

  /** A new connection to the server as its admin, outside dbscope. */
  protected final Connection connect() throws SQLException {
    return db.connect();
  }

  /**
   * The statements that make table {@code queue} {@code (name, depth)}: three names whose depths
   * add up to 16, which the contracts' healthy collectors read.
   */
  protected final List<String> queueTable() {
    String queue = db.table("queue");
    return List.of(
        "CREATE TABLE " + queue + " (name VARCHAR(20), depth INT)",
        "INSERT INTO " + queue + " VALUES ('mail', 4), ('sms', 0), ('push', 12)");
  }

  /** One {@code [[metric]]} with a value column {@code n}; {@code extra} ends it (TOML lines). */
  public static String metric(String context, String sql, String extra) {
    return "[[metric]]\ncontext = \""
        + context
        + "\"\nrequest = '''"
        + sql
        + "'''\n"
        + "metricsdesc = { n = \"N.\" }\n"
        + extra
        + "\n";
  }

  /** One {@code [[metric]]} with a value column {@code n} and nothing else. */
  public static String metric(String context, String sql) {
    return metric(context, sql, "");
  }

  protected final Path write(String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text);
  }

  /** A datasource on {@code cfg} with its custom files resolved as {@code dbscope run} does. */
  protected final MonitoredDatasource datasource(DatasourceConfig cfg) {
    return datasource(cfg, EngineOptions.none());
  }

  /**
   * As {@link #datasource(DatasourceConfig)}, with top-level keys the engine brings (such as the
   * functions the operator allows by name).
   */
  protected final MonitoredDatasource datasource(DatasourceConfig cfg, EngineOptions global) {
    CustomFiles files = new CustomFiles(new CustomMetricsLoader(false, global));
    Engine engine = engine();
    return new MonitoredDatasource(
        cfg, engine, engine.open(cfg, resources), files.resolve(cfg, engine));
  }

  /**
   * Top-level keys with one of the engine's own set, found by name in its option tables (the test
   * kit knows no engine module's constants).
   */
  protected final EngineOptions globalOption(String name, Object value) {
    Option<?> option =
        engine().globalOptionTables().stream()
            .flatMap(t -> t.find(name).stream())
            .findFirst()
            .orElseThrow(() -> new AssertionError(engine().id() + " has no top-level key " + name));
    return with(EngineOptions.none(), option, value);
  }

  private static <T> EngineOptions with(EngineOptions into, Option<T> option, Object value) {
    return into.with(option, option.type().cast(value));
  }

  /** One scrape of {@code ds}, as Prometheus would read it. */
  protected static ExpositionText scrape(MonitoredDatasource ds, Duration deadline) {
    return Scraped.of(ds.collect(Deadline.in(deadline)));
  }

  /** {@code dbscope_collector_success} of {@code collector} on this engine's datasource. */
  protected final double success(ExpositionText s, String collector) {
    return Scraped.success(s, name(), collector);
  }

  /** Runs {@code statements} as the admin, outside dbscope. */
  protected final void sql(String... statements) throws SQLException {
    try (Connection c = connect();
        Statement st = c.createStatement()) {
      for (String s : statements) {
        st.execute(s);
      }
    }
  }

  /** The first column of the first row of {@code sql}, on a connection of its own. */
  protected final long count(String sql) throws SQLException {
    try (Connection c = connect()) {
      return count(c, sql);
    }
  }

  /** The first column of the first row of {@code sql} on {@code c}. */
  public static long count(Connection c, String sql) throws SQLException {
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
