package io.dbscope.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.dbscope.core.config.ConfigException;
import io.dbscope.core.config.ConfigKey;
import io.dbscope.core.config.ConfigLoader;
import io.dbscope.core.config.ConfigProblem;
import io.dbscope.core.config.DatasourceConfig;
import io.dbscope.core.config.LoadedConfig;
import io.dbscope.core.config.Option;
import io.dbscope.core.config.OptionTable;
import io.dbscope.core.engine.Engine;
import io.dbscope.core.engine.EngineCatalog;
import io.dbscope.engine.sql.analytics.AnalyticsOptions;
import io.dbscope.engine.sql.guard.GuardOptions;
import io.dbscope.server.Engines;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The keys engines bring (their option tables), read by core's loader with this build's engines:
 * each is bound, checked by its engine's rules, settled among datasources where the engine says so,
 * and warned about where a datasource of another engine writes it.
 */
class EngineOptionsConfigTest {
  private static final EngineCatalog ENGINES = Engines.catalog();

  @TempDir Path dir;

  private LoadedConfig load(String toml) throws IOException {
    Path f = Files.writeString(dir.resolve("c.toml"), toml);
    return new ConfigLoader(ENGINES, Map.of()).load(f);
  }

  private static String datasource(String name, String engine, String host) {
    return datasource(name, engine, host, "");
  }

  /**
   * A datasource with what its engine needs, less the key {@code tested} (written by the test): a
   * url for jdbc; a url and appOf for app (and the database datasources it may name); for
   * cloudwatch a region, an identifier and sets that read every identifier key.
   */
  private static String datasource(String name, String engine, String host, String tested) {
    String head = "[[datasource]]\nname = \"" + name + "\"\nengine = \"" + engine + "\"\n";
    // An app datasource names its database datasource (appOf), which must exist: both values the
    // test writes are datasources of the config, before the app's entry (its keys come last).
    String before =
        engine.equals("app")
            ? "[[datasource]]\nname = \"orders-db\"\nengine = \"postgres\"\ndbHost = \"db0\"\n"
                + "[[datasource]]\nname = \"other-db\"\nengine = \"postgres\"\ndbHost = \"db0\"\n"
            : "";
    return before
        + head
        + switch (engine) {
          case "jdbc" -> "url = \"jdbc:postgresql://" + host + "/x\"\n";
          case "app" ->
              "url = \"http://"
                  + host
                  + ":9400/dbscope/statements\"\n"
                  + (tested.equals("appOf") ? "" : "appOf = \"orders-db\"\n");
          case "cloudwatch" ->
              (tested.equals("region") ? "" : "region = \"eu-west-1\"\n")
                  + (tested.equals("dbInstanceIdentifiers")
                      ? ""
                      : "dbInstanceIdentifiers = \"" + host + "\"\n")
                  + (tested.equals("metricSets") ? "" : "metricSets = \"rds,elasticache\"\n");
          default -> "dbHost = \"" + host + "\"\n";
        };
  }

  /**
   * A valid value other than the default for keys whose value must name something that exists: the
   * generic JDBC engine's driver, here pgjdbc from the class path (its jar for driverPath), and the
   * MongoDB engine's tlsCAFile.
   */
  private String otherValue(Option<?> o) throws IOException {
    return switch (o.name()) {
      case "driverClass" -> "\"org.postgresql.Driver\"";
      case "driverPath" -> {
        Path jar;
        try {
          jar =
              Path.of(
                  org.postgresql.Driver.class
                      .getProtectionDomain()
                      .getCodeSource()
                      .getLocation()
                      .toURI());
        } catch (java.net.URISyntaxException e) {
          throw new IOException(e);
        }
        Files.createDirectories(dir.resolve("drivers"));
        Files.copy(
            jar,
            dir.resolve("drivers/pgjdbc.jar"),
            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        yield "\"drivers\"";
      }
      case "region" -> "\"us-east-1\"";
      case "roleArn" -> "\"arn:aws:iam::123456789012:role/dbscope\"";
      case "metricSets" -> "\"rds,docdb\"";
      case "statistics" -> "\"Maximum,p99\"";
      case "period" -> "300";
      case "appOf" -> "\"other-db\"";
      case "tags" -> "\"env=prod,team=db\"";
      case "taggingUrl" -> "\"https://tagging.example.internal\"";
      case "tlsCAFile" -> {
        // The MongoDB engine's CA bundle: the loader checks only that the file is readable.
        Files.writeString(dir.resolve("ca.pem"), "-----BEGIN CERTIFICATE-----\n");
        yield "\"ca.pem\"";
      }
      default -> otherValue(o.key());
    };
  }

  @Test
  void everyEngineOptionWrittenWithAnotherValueChangesTheLoadedConfig() throws IOException {
    for (Engine e : ENGINES.engines()) {
      LoadedConfig plain = load(datasource("a", e.id(), "db1"));
      for (OptionTable t : e.optionTables()) {
        for (Option<?> o : t.options()) {
          String line = o.name() + " = " + otherValue(o) + "\n";
          LoadedConfig changed = load(datasource("a", e.id(), "db1", o.name()) + line);
          assertThat(changed.warnings()).as(line).isEmpty();
          assertThat(changed.config().datasources())
              .as("%s on engine %s", line.strip(), e.id())
              .isNotEqualTo(plain.config().datasources());
        }
      }
      for (OptionTable t : e.globalOptionTables()) {
        for (Option<?> o : t.options()) {
          String line = o.name() + " = " + otherValue(o.key()) + "\n";
          LoadedConfig changed = load(line + datasource("a", e.id(), "db1"));
          assertThat(changed.config().global()).as(line).isNotEqualTo(plain.config().global());
        }
      }
    }
  }

  /**
   * A valid value other than the default, from the key's row; for a choice the last (the first may
   * be what the default settles to).
   */
  private static String otherValue(ConfigKey k) {
    return switch (k.type()) {
      case BOOLEAN -> Boolean.toString(!Boolean.parseBoolean(k.defaultValue()));
      case INTEGER -> Long.toString(Long.parseLong(k.defaultValue()) + 1);
      case DURATION -> Long.toString(Long.parseLong(k.defaultValue()) + 1);
      case CHOICE ->
          "\""
              + k.choices().stream()
                  .filter(c -> !("\"" + c + "\"").equals(k.defaultValue()))
                  .reduce((a, b) -> b)
                  .orElseThrow()
              + "\"";
      case STRINGS -> "[\"crosstab\"]";
      case STRING -> "\"other\"";
      default -> throw new AssertionError("no option of type " + k.type());
    };
  }

  @Test
  void aKeyOfOtherEnginesIsWarnedAboutAndIgnored() throws IOException {
    LoadedConfig loaded = load(datasource("cache", "redis", "db1") + "checkSlowSQL = true\n");

    assertThat(loaded.warnings())
        .containsExactly(
            dir.resolve("c.toml")
                + ":5: datasource[cache].checkSlowSQL: ignored: only engines postgres, mysql,"
                + " dameng take this key, this datasource's engine is redis");
    assertThat(loaded.config().datasources().getFirst().options().written()).isEmpty();
  }

  @Test
  void anEngineKeyIsCheckedByItsRowAndItsEnginesRules() throws IOException {
    Path f =
        Files.writeString(
            dir.resolve("bad.toml"),
            "allowedFunctions = [\"crosstab\", \"crosstab()\"]\n"
                + datasource("pg", "postgres", "db1")
                + "statementTopN = 0\nstatementScope = \"server\"\n");

    ConfigException e =
        catchThrowableOfType(
            ConfigException.class, () -> new ConfigLoader(ENGINES, Map.of()).load(f));

    assertThat(e.problems().stream().map(ConfigProblem::toString))
        .containsExactly(
            f
                + ":1: allowedFunctions: item 2 'crosstab()' is not a function name; write it as in"
                + " a query: name, schema.name or \"QuotedName\", without parentheses",
            f + ":6: datasource[pg].statementTopN: must be between 1 and 1000, got 0",
            f
                + ":7: datasource[pg].statementScope: must be one of auto, cluster, database; got"
                + " 'server'");
  }

  /** A key naming another datasource is checked against the others: a typo is one clear error. */
  @Test
  void anAppDatasourceMustNameADatabaseDatasourceOfTheConfig() throws IOException {
    Path f =
        Files.writeString(
            dir.resolve("app.toml"),
            "[[datasource]]\nname = \"orders-db\"\nengine = \"postgres\"\ndbHost = \"db0\"\n"
                + "[[datasource]]\nname = \"orders-app\"\nengine = \"app\"\n"
                + "url = \"http://app:9400/dbscope/statements\"\nappOf = \"order-db\"\n");

    ConfigException e =
        catchThrowableOfType(
            ConfigException.class, () -> new ConfigLoader(ENGINES, Map.of()).load(f));

    assertThat(e.problems().stream().map(ConfigProblem::toString))
        .containsExactly(
            f
                + ":5: datasource[orders-app]: appOf: no database datasource named 'order-db' in"
                + " this config");
  }

  @Test
  void statementScopeAutoIsSettledAmongTheDatasourcesOfOneServer() throws IOException {
    LoadedConfig loaded =
        load(
            datasource("alone", "postgres", "db1")
                + datasource("shop", "postgres", "db2:5432")
                + "database = \"shop\"\n"
                + datasource("billing", "pg", "DB2")
                + datasource("told", "postgres", "db2")
                + "statementScope = \"cluster\"\n"
                + datasource("orders", "mariadb", "db2"));

    assertThat(
            loaded.config().datasources().stream()
                .collect(
                    Collectors.toMap(
                        DatasourceConfig::name, d -> d.option(AnalyticsOptions.STATEMENT_SCOPE))))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "alone", "cluster",
                "shop", "database",
                "billing", "database",
                "told", "cluster",
                "orders", "cluster"));
    assertThat(loaded.config().global().option(GuardOptions.ALLOWED_FUNCTIONS))
        .isEqualTo(List.of());
  }
}
