package io.dbscope.engine.postgres;

import io.dbscope.core.config.DatasourceConfig;
import io.dbscope.core.definition.Definition;
import io.dbscope.core.engine.Definitions;
import io.dbscope.core.engine.EngineResources;
import io.dbscope.core.engine.ExporterHealth;
import io.dbscope.core.engine.StatefulCollector;
import io.dbscope.core.engine.Target;
import io.dbscope.core.scrape.ErrorSigns;
import io.dbscope.engine.postgres.analytics.PgActivityCollector;
import io.dbscope.engine.postgres.analytics.PgStatementsCollector;
import io.dbscope.engine.sql.AnalyticsEngine;
import io.dbscope.engine.sql.analytics.AnalyticsContext;
import io.dbscope.engine.sql.analytics.AnalyticsSettings;
import io.dbscope.engine.sql.jdbc.JdbcErrorSigns;
import io.dbscope.engine.sql.jdbc.JdbcTarget;
import io.dbscope.sql.SqlDialect;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The PostgreSQL engine: a HikariCP pool through pgjdbc, server facts from one query, and the
 * built-in definitions under {@code definitions/postgres/}, which reproduce the metric families
 * postgres_exporter emits by default under the same names, types and labels.
 *
 * <p>The definitions are loaded and checked once, when the first datasource of the engine is built
 * (see {@link Definitions#lazily}), so that a broken built-in file stops dbscope at start-up
 * instead of failing on the first scrape.
 *
 * <pre>{@code
 * Engine pg = new PostgresEngine();
 * Target t = pg.open(config, resources); // connects lazily
 * }</pre>
 */
public final class PostgresEngine implements AnalyticsEngine {
  static final String DEFAULT_DATABASE = "postgres";

  private final Supplier<List<Definition>> definitions;
  private final AnalyticsContext analytics;
  private final BatchTexts batches = new BatchTexts();

  /** Query analytics with defaults, events as JSON lines on standard output. */
  public PostgresEngine() {
    this(AnalyticsContext.defaults());
  }

  /** Query analytics with the given settings per datasource, event sink and clock. */
  public PostgresEngine(AnalyticsContext analytics) {
    this.definitions =
        Definitions.lazily(() -> Definitions.builtin(PostgresEngine.class, "postgres"));
    this.analytics = analytics;
  }

  @Override
  public String id() {
    return "postgres";
  }

  @Override
  public List<String> aliases() {
    return List.of("postgresql", "pg");
  }

  /**
   * PostgreSQL's words: a refused password, a statement cancelled by {@code statement_timeout}, and
   * pgjdbc's closed connection.
   */
  @Override
  public ErrorSigns errorSigns() {
    return JdbcErrorSigns.with(
        List.of("password authentication failed"),
        List.of("canceling statement"),
        List.of("connection has been closed"));
  }

  @Override
  public SqlDialect dialect() {
    return SqlDialect.POSTGRES;
  }

  @Override
  public String urlExample() {
    return "jdbc:postgresql://host:5432/database";
  }

  @Override
  public String about() {
    return "`database`: the database to connect to (default `postgres`). `url`: a pgjdbc URL"
        + " (`jdbc:postgresql://host:5432/database?sslmode=require`); a password in it is an error."
        + " `customMaxResultBytes` also sets pgjdbc's `maxResultBuffer` (at least 64 MiB), which"
        + " bounds what any statement reads at once.";
  }

  @Override
  public int defaultPort() {
    return 5432;
  }

  @Override
  public String upMetric() {
    return "pg_up";
  }

  @Override
  public ExporterHealth exporterHealth() {
    return PostgresExporterHealth.HEALTH;
  }

  /** postgres_exporter's own help text for {@code pg_up}. */
  @Override
  public String upHelp() {
    return "Whether the last scrape of metrics from PostgreSQL was able to connect to the server"
        + " (1 for yes, 0 for no).";
  }

  @Override
  public List<Definition> definitions() {
    return definitions.get();
  }

  @Override
  public Target open(DatasourceConfig config, EngineResources resources) {
    return new JdbcTarget(
        config, new PostgresDialect(batches), resources.scheduler(), resources.threads());
  }

  /**
   * Query analytics: statement statistics from pg_stat_statements (where installed) and session
   * activity (slow statements, long transactions, lock waits) from pg_stat_activity.
   */
  @Override
  public List<StatefulCollector> statefulCollectors(DatasourceConfig config) {
    AnalyticsSettings s = analytics.settings().apply(config);
    return List.of(
        new PgStatementsCollector(s, analytics.clock(), config.name(), analytics.statements()),
        new PgActivityCollector(s, analytics.events(), analytics.clock()));
  }

  /**
   * Checks what only PostgreSQL knows about: the URL's driver prefix, that no password travels in
   * the URL (it belongs in {@code dbPwd}, where it is never logged), and the host, port and
   * database when no URL is given.
   */
  @Override
  public List<String> validate(DatasourceConfig config) {
    List<String> problems = new ArrayList<>();
    // The config loader puts the datasource in front of each problem already.
    String where = "";
    if (config.url().isPresent()) {
      String url = config.url().get().toString();
      if (!url.startsWith(PostgresDialect.URL_PREFIX)) {
        problems.add(
            where
                + "url: must start with '"
                + PostgresDialect.URL_PREFIX
                + "//' for engine postgres, not '"
                + PostgresDialect.redact(url)
                + "'");
      } else {
        if (PostgresDialect.hasPasswordParameter(url)) {
          problems.add(
              where + "url: must not carry a password; give it in dbPwd, dbPwdFile or ENC()");
        }
        for (String option : PostgresDialect.unsafeOptions(url)) {
          problems.add(
              where
                  + "url: option "
                  + option
                  + " is refused: it makes the driver load a class named in the URL");
        }
        if (url.substring(PostgresDialect.URL_PREFIX.length()).matches("//[^/@?]*@.*")) {
          problems.add(
              where + "url: must not carry user@ or user:password@; give them in dbUser and dbPwd");
        }
      }
    } else {
      if (config.host().isBlank()) {
        problems.add(where + "dbHost: a host is required when no url is given");
      }
      if (config.port() < 1 || config.port() > 65535) {
        problems.add(where + "dbHost: port " + config.port() + " is not between 1 and 65535");
      }
    }
    config
        .database()
        .filter(d -> !d.isEmpty() && d.isBlank())
        .ifPresent(d -> problems.add(where + "database: must not be blank"));
    return problems;
  }
}
