package io.dbscope.engine.mysql;

import io.dbscope.core.config.DatasourceConfig;
import io.dbscope.core.definition.Definition;
import io.dbscope.core.engine.Definitions;
import io.dbscope.core.engine.EngineResources;
import io.dbscope.core.engine.ExporterHealth;
import io.dbscope.core.engine.StatefulCollector;
import io.dbscope.core.engine.Target;
import io.dbscope.core.scrape.ErrorSigns;
import io.dbscope.engine.mysql.analytics.MysqlActivityCollector;
import io.dbscope.engine.mysql.analytics.MysqlDigestCollector;
import io.dbscope.engine.mysql.analytics.MysqlErrorsCollector;
import io.dbscope.engine.sql.AnalyticsEngine;
import io.dbscope.engine.sql.analytics.AnalyticsContext;
import io.dbscope.engine.sql.analytics.AnalyticsSettings;
import io.dbscope.engine.sql.jdbc.JdbcErrorSigns;
import io.dbscope.engine.sql.jdbc.JdbcTarget;
import io.dbscope.sql.SqlDialect;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * MySQL and MariaDB ({@code engine = "mysql"} or {@code "mariadb"}), reached through the MariaDB
 * driver. Its built-in definitions ({@code definitions/mysql/*.yaml}) reproduce the families that
 * mysqld_exporter emits by default, with the same names, types and labels.
 *
 * <pre>{@code
 * Engine mysql = new MysqlEngine();
 * Target t = mysql.open(config, resources); // no connection yet
 * }</pre>
 */
public final class MysqlEngine implements AnalyticsEngine {
  /** A database name that needs no quoting in a URL path. */
  private static final Pattern DATABASE = Pattern.compile("[^/?&#;\\s]{1,64}");

  private final Supplier<List<Definition>> definitions;
  private final AnalyticsContext analytics;

  /**
   * Loads and checks the built-in definitions once, at first use; query analytics with defaults,
   * events as JSON lines on standard output.
   */
  public MysqlEngine() {
    this(AnalyticsContext.defaults());
  }

  /** Query analytics with the given settings per datasource, event sink and clock. */
  public MysqlEngine(AnalyticsContext analytics) {
    this.definitions = Definitions.lazily(() -> Definitions.builtin(MysqlEngine.class, "mysql"));
    this.analytics = analytics;
  }

  @Override
  public String id() {
    return "mysql";
  }

  @Override
  public List<String> aliases() {
    return List.of("mariadb");
  }

  /** MySQL's and MariaDB's words: a refused login, a statement stopped by its time limit. */
  @Override
  public ErrorSigns errorSigns() {
    return JdbcErrorSigns.with(
        List.of("access denied"), List.of("query execution was interrupted"), List.of());
  }

  @Override
  public SqlDialect dialect() {
    return SqlDialect.MYSQL;
  }

  @Override
  public String urlExample() {
    return "jdbc:mariadb://host:3306/database";
  }

  @Override
  public String about() {
    return "`database`: the default schema of the session (none by default). `url`: a `jdbc:mariadb:`"
        + " or `jdbc:mysql:` URL (the latter is read by the MariaDB driver); a password in it is an"
        + " error.";
  }

  @Override
  public int defaultPort() {
    return 3306;
  }

  @Override
  public String upMetric() {
    return "mysql_up";
  }

  @Override
  public ExporterHealth exporterHealth() {
    return MysqlExporterHealth.HEALTH;
  }

  /** mysqld_exporter's help text, so that the family reads the same. */
  @Override
  public String upHelp() {
    return "Whether the MySQL server is up.";
  }

  @Override
  public List<Definition> definitions() {
    return definitions.get();
  }

  @Override
  public Target open(DatasourceConfig config, EngineResources resources) {
    return new MysqlTarget(
        new JdbcTarget(config, new MysqlDialect(), resources.scheduler(), resources.threads()));
  }

  /**
   * Query analytics: statement digests from performance_schema (when on), session activity (slow
   * statements, long transactions, lock waits) and, on MySQL 8, the error summary.
   */
  @Override
  public List<StatefulCollector> statefulCollectors(DatasourceConfig config) {
    AnalyticsSettings s = analytics.settings().apply(config);
    return List.of(
        new MysqlDigestCollector(s, analytics.clock(), config.name(), analytics.statements()),
        new MysqlActivityCollector(s, analytics.events(), analytics.clock()),
        new MysqlErrorsCollector());
  }

  /**
   * Checks the URL and database. Refuses driver options that would let a server read files on the
   * dbscope host or run code in it, and a password in the URL; each problem names the option and
   * why, and never repeats the URL (it may hold secrets).
   */
  @Override
  public List<String> validate(DatasourceConfig config) {
    List<String> problems = new ArrayList<>();
    if (config.url().isPresent()) {
      try {
        MysqlUrl url = MysqlUrl.parse(config.url().get().toString());
        url.problems().forEach(p -> problems.add("url: " + p));
      } catch (IllegalArgumentException e) {
        problems.add("url: " + e.getMessage() + " for engine " + config.engineAlias());
      }
    }
    config
        .database()
        .filter(db -> !DATABASE.matcher(db).matches())
        .ifPresent(
            db ->
                problems.add(
                    "database: '"
                        + db
                        + "' must be 1 to 64 characters without '/', '?', '&', '#', ';' or"
                        + " spaces"));
    return problems;
  }
}
