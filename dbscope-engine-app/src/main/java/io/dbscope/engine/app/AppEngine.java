package io.dbscope.engine.app;

import io.dbscope.core.config.DatasourceConfig;
import io.dbscope.core.config.OptionTable;
import io.dbscope.core.definition.Definition;
import io.dbscope.core.engine.Engine;
import io.dbscope.core.engine.EngineResources;
import io.dbscope.core.engine.StatefulCollector;
import io.dbscope.core.engine.Target;
import io.dbscope.core.scrape.ErrorKind;
import io.dbscope.core.scrape.ErrorSigns;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Datasources of kind {@code app}: an application instrumented with dbscope-jdbc, whose statements
 * endpoint ({@code StatementsHandler}) dbscope pulls on the scrape schedule. Its figures are joined
 * to the statement statistics of the database datasource named by {@code appOf}, on the text
 * fingerprint both sides compute with the same normalizer.
 *
 * <pre>{@code
 * [[datasource]]
 * name = "orders-app"
 * engine = "app"
 * url = "http://orders:9400/dbscope/statements"
 * appOf = "orders-db"
 * }</pre>
 */
public final class AppEngine implements Engine {

  @Override
  public String id() {
    return "app";
  }

  @Override
  public int defaultPort() {
    return 0;
  }

  @Override
  public String urlExample() {
    return "http://orders:9400/dbscope/statements";
  }

  @Override
  public String about() {
    return "An application instrumented with dbscope-jdbc. `url`: its statements endpoint"
        + " (`http://` or `https://`, dbscope-jdbc's `StatementsHandler`), read once per scrape"
        + " (the whole answer within the shorter of `connectTimeout` and `queryTimeout`); `dbUser` with `dbPwd`/`dbPwdFile` is sent"
        + " as basic auth; https uses the JVM's trust store. `appOf` names the database datasource"
        + " whose statements API then shows the application's calls and time per statement."
        + " `dbHost` and `database` are not used.";
  }

  @Override
  public String upMetric() {
    return "app_up";
  }

  @Override
  public String upHelp() {
    return "Whether the last read of the application's statements endpoint succeeded (1 for yes,"
        + " 0 for no).";
  }

  @Override
  public ErrorSigns errorSigns() {
    return new ErrorSigns(
        AppEngine::kind, t -> false, List.of("authentication refused"), List.of(), List.of());
  }

  private static Optional<ErrorKind> kind(Throwable t) {
    return t instanceof HttpConnectTimeoutException || t instanceof HttpTimeoutException
        ? Optional.of(ErrorKind.TIMEOUT)
        : Optional.empty();
  }

  @Override
  public List<Definition> definitions() {
    return List.of();
  }

  @Override
  public Target open(DatasourceConfig config, EngineResources resources) {
    return new AppTarget(config);
  }

  @Override
  public List<StatefulCollector> statefulCollectors(DatasourceConfig config) {
    return List.of(new AppStatementsCollector(config));
  }

  @Override
  public List<OptionTable> optionTables() {
    return List.of(AppOptions.TABLE);
  }

  /** {@code appOf} must name another datasource of the config: a typo would join nothing. */
  @Override
  public List<String> validateAmong(DatasourceConfig config, List<DatasourceConfig> all) {
    String appOf = config.option(AppOptions.APP_OF);
    if (appOf.isBlank() || appOf.equals(config.name())) {
      return List.of(); // validate() reports these
    }
    return all.stream().anyMatch(d -> d.name().equals(appOf) && !d.engine().equals(id()))
        ? List.of()
        : List.of("appOf: no database datasource named '" + appOf + "' in this config");
  }

  @Override
  public List<String> validate(DatasourceConfig config) {
    List<String> problems = new ArrayList<>();
    if (config.url().isEmpty()) {
      problems.add(
          "url: required for an app datasource (its statements endpoint, such as "
              + urlExample()
              + ")");
    } else {
      String scheme = String.valueOf(config.url().get().getScheme()).toLowerCase(Locale.ROOT);
      if (!scheme.equals("http") && !scheme.equals("https")) {
        problems.add("url: must start with http:// or https://");
      }
      if (config.url().get().getRawUserInfo() != null) {
        problems.add("url: must not hold a user or password (use dbUser and dbPwd)");
      }
    }
    if (config.option(AppOptions.APP_OF).isBlank()) {
      problems.add("appOf: required: the name of the database datasource the application talks to");
    } else if (config.option(AppOptions.APP_OF).equals(config.name())) {
      problems.add("appOf: must name a database datasource, not this app datasource");
    }
    return problems;
  }
}
