package io.dbscope.engine.jdbc;

import io.dbscope.core.config.DatasourceConfig;
import io.dbscope.core.config.EngineOptions;
import io.dbscope.core.config.OptionTable;
import io.dbscope.core.custom.QueryGuard;
import io.dbscope.core.definition.Definition;
import io.dbscope.core.engine.Engine;
import io.dbscope.core.engine.EngineResources;
import io.dbscope.core.engine.Session;
import io.dbscope.core.engine.Target;
import io.dbscope.core.scrape.ErrorSigns;
import io.dbscope.engine.sql.guard.GuardOptions;
import io.dbscope.engine.sql.guard.SqlGuard;
import io.dbscope.engine.sql.jdbc.JdbcErrorSigns;
import io.dbscope.engine.sql.jdbc.JdbcTarget;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Any database with a JDBC 4 driver ({@code engine = "jdbc"}): its metrics are the datasource's
 * custom metrics, under the custom-SQL guard of the dialect {@code sqlDialect} names (neutral by
 * default: only what every dialect allows). The driver comes from {@code driverPath}, in a class
 * loader of the datasource's own, or from dbscope's class path.
 *
 * <p>No session reset exists that every database knows; a guarded query's session is left as the
 * rollback leaves it (see {@link GenericDialect#resetSession}).
 */
public final class JdbcEngine implements Engine {
  /** A password written in a URL's parameters ({@code ?password=}, {@code ;password=}). */
  private static final Pattern PASSWORD_IN_URL =
      Pattern.compile("(?i)[?&;:]\\s*(password[123]?|pwd)\\s*=");

  @Override
  public String id() {
    return "jdbc";
  }

  @Override
  public int defaultPort() {
    return 0;
  }

  @Override
  public String urlExample() {
    return "jdbc:<driver>:<what the driver takes>";
  }

  @Override
  public String about() {
    return "`url`: required, the JDBC URL as the driver takes it; a password in it is an error"
        + " (give it in `dbPwd`). `dbHost` and `database` are not read. Metrics are the custom"
        + " metrics of the datasource only.";
  }

  @Override
  public String upMetric() {
    return "jdbc_up";
  }

  @Override
  public String upHelp() {
    return "Whether the last scrape of the JDBC datasource was able to connect to the database"
        + " (1 for yes, 0 for no).";
  }

  /** Only what JDBC itself says: SQLState 28 (login), SQLTimeoutException, lost connections. */
  @Override
  public ErrorSigns errorSigns() {
    return JdbcErrorSigns.with(List.of(), List.of(), List.of());
  }

  /** Where no datasource says otherwise: the neutral dialect (unknown is never wider). */
  @Override
  public QueryGuard queryGuard(EngineOptions global) {
    return queryGuard(global, JdbcOptions.SQL_DIALECT.defaultValue());
  }

  /** A datasource's queries are read in the dialect its {@code sqlDialect} names. */
  @Override
  public String guardVariant(DatasourceConfig config) {
    return config.option(JdbcOptions.SQL_DIALECT);
  }

  @Override
  public QueryGuard queryGuard(EngineOptions global, String variant) {
    return new SqlGuard(JdbcOptions.dialect(variant), GuardOptions.allowed(global));
  }

  @Override
  public List<OptionTable> optionTables() {
    return List.of(JdbcOptions.TABLE);
  }

  @Override
  public List<OptionTable> globalOptionTables() {
    return List.of(GuardOptions.TABLE);
  }

  @Override
  public List<Definition> definitions() {
    return List.of();
  }

  @Override
  public Target open(DatasourceConfig config, EngineResources resources) {
    LoadedDriver driver;
    try {
      driver = LoadedDriver.load(config);
    } catch (LoadedDriver.Refused e) {
      // validate() refused this config already; reaching here means it changed on disk since.
      throw new IllegalStateException(config.name() + ": " + e.getMessage());
    }
    JdbcTarget jdbc =
        new JdbcTarget(
            config,
            new GenericDialect(driver.driver(), config.option(JdbcOptions.READ_ONLY_STATEMENT)),
            resources.scheduler(),
            resources.threads());
    return new Target() {
      @Override
      public Session open(Duration timeout) throws Exception {
        return jdbc.open(timeout);
      }

      @Override
      public int connectionsHeld() {
        return jdbc.connectionsHeld();
      }

      @Override
      public void close() {
        jdbc.close();
        driver.close();
      }
    };
  }

  /**
   * The URL is required and must carry no password; the driver must load and take the URL. Each
   * problem names its key and the URL's scheme only, never the URL (it may hold secrets).
   */
  @Override
  public List<String> validate(DatasourceConfig config) {
    List<String> problems = new ArrayList<>();
    if (config.url().isEmpty()) {
      problems.add("url: required for engine jdbc (" + urlExample() + ")");
      return problems;
    }
    String url = config.url().get().toString();
    if (!url.startsWith("jdbc:")) {
      problems.add("url: must start with 'jdbc:' for engine jdbc");
      return problems;
    }
    if (PASSWORD_IN_URL.matcher(url).find()) {
      problems.add("url: must not carry a password; give it in dbPwd, dbPwdFile or ENC()");
    }
    for (String option : UnsafeUrlOptions.in(url)) {
      problems.add(
          "url: option "
              + option
              + " is refused: it lets the driver load classes, run code or read local files");
    }
    problems.addAll(ReadOnlyOpen.problems(url));
    if (!problems.isEmpty()) {
      return problems;
    }
    try {
      // Loaded and took the URL; the datasource loads its own when it opens.
      LoadedDriver.load(config).close();
    } catch (LoadedDriver.Refused e) {
      problems.add(e.getMessage());
    }
    return problems;
  }

  /** {@code jdbc:sqlite} of {@code jdbc:sqlite:/data/x.db}: what a message may show of a URL. */
  static String scheme(String url) {
    int second = url.indexOf(':', "jdbc:".length());
    return second < 0 ? url.replaceAll("[^a-z:]", "") : url.substring(0, second);
  }
}
