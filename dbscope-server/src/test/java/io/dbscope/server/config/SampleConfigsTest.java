package io.dbscope.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.dbscope.core.config.ConfigException;
import io.dbscope.core.config.ConfigKey;
import io.dbscope.core.config.ConfigKey.Scope;
import io.dbscope.core.config.ConfigKeys;
import io.dbscope.core.config.ConfigLoader;
import io.dbscope.core.config.ConfigProblem;
import io.dbscope.core.config.DatasourceConfig;
import io.dbscope.core.config.DbscopeConfig;
import io.dbscope.core.config.LoadedConfig;
import io.dbscope.core.config.Option;
import io.dbscope.core.config.OptionTable;
import io.dbscope.core.config.Priority;
import io.dbscope.core.engine.Engine;
import io.dbscope.core.engine.EngineCatalog;
import io.dbscope.engine.sql.analytics.AnalyticsOptions;
import io.dbscope.server.Engines;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The committed samples under config/: complete, documented, loadable and equivalent, with the
 * engines of this build and their own keys.
 */
class SampleConfigsTest {
  private static final Path CONFIG_DIR = Path.of("").toAbsolutePath().getParent().resolve("config");
  private static final EngineCatalog ENGINES = Engines.catalog();

  /** Loads configs with this build's engines, as {@code dbscope run} does. */
  private record ConfigFiles(Path dir, Map<String, String> env) {
    ConfigFiles(Path dir) {
      this(dir, Map.of());
    }

    LoadedConfig load(Path file) {
      return new ConfigLoader(ENGINES, env).load(file);
    }

    List<String> problems(Path file) {
      ConfigException e = catchThrowableOfType(ConfigException.class, () -> load(file));
      assertThat(e).as("config %s should be rejected", file.getFileName()).isNotNull();
      return e.problems().stream().map(ConfigProblem::toString).toList();
    }
  }

  @TempDir Path dir;

  private ConfigFiles files() throws IOException {
    Files.writeString(dir.resolve("mariadb-password"), "maria-secret\n");
    Files.writeString(dir.resolve("mongo-password"), "mongo-secret\n");
    return new ConfigFiles(
        CONFIG_DIR, Map.of("PG_PASSWORD", "pg-secret", "CREDENTIALS_DIRECTORY", dir.toString()));
  }

  @ParameterizedTest
  @ValueSource(strings = {"dbscope.toml", "dbscope.yaml"})
  void sampleListsEveryKeyAndNoOther(String sample) throws IOException {
    ObjectMapper mapper = sample.endsWith(".toml") ? new TomlMapper() : new YAMLMapper();
    JsonNode root = mapper.readTree(CONFIG_DIR.resolve(sample).toFile());
    Set<String> top = names(root);
    top.remove("datasource");
    top.remove("cluster");
    JsonNode entries = root.get("datasource");

    assertThat(top).isEqualTo(globalKeyNames());
    assertThat(names(root.get("cluster")))
        .as("the [cluster] table of %s lists every cluster key", sample)
        .isEqualTo(
            ConfigKeys.of(Scope.CLUSTER).stream()
                .map(ConfigKey::name)
                .collect(Collectors.toCollection(TreeSet::new)));
    assertThat(names(entries.get(0)))
        .as("the first datasource of %s lists every key of its engine", sample)
        .isEqualTo(datasourceKeyNames(entries.get(0).get("engine").asText()));
    for (JsonNode entry : entries) {
      assertThat(datasourceKeyNames(entry.get("engine").asText())).containsAll(names(entry));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"dbscope.toml", "dbscope.yaml"})
  void eachKeysCommentStatesItsDefault(String sample) throws IOException {
    List<String> lines = Files.readAllLines(CONFIG_DIR.resolve(sample));
    List<String> missing = new ArrayList<>();
    for (ConfigKey k : allKeys()) {
      String comment = commentAbove(lines, k.name());
      String expected = k.required() ? "Required." : "Default: " + k.defaultValue();
      if (!Pattern.compile(Pattern.quote(expected) + "(?![\\w\"])").matcher(comment).find()) {
        missing.add(k.name() + " (expected '" + expected + "' in: " + comment + ")");
      }
    }
    assertThat(missing).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"dbscope.toml", "dbscope.yaml"})
  void sampleLoadsWithoutProblemsOrWarnings(String sample) throws IOException {
    LoadedConfig loaded = files().load(CONFIG_DIR.resolve(sample));

    assertThat(loaded.warnings()).isEmpty();
    assertThat(loaded.config().datasources())
        .extracting(d -> d.name() + "/" + d.engine() + "/" + d.engineAlias() + "@" + d.address())
        .containsExactly(
            "pg-main/postgres/postgres@127.0.0.1:5432",
            "mariadb-orders/mysql/mariadb@127.0.0.1:3306",
            "redis-cache/redis/redis@127.0.0.1:6379",
            "reporting-any/jdbc/jdbc@jdbc:postgresql://127.0.0.1:5432/reporting",
            "dm-main/dameng/dameng@127.0.0.1:5236",
            "pg-main-cloudwatch/cloudwatch/cloudwatch@127.0.0.1:443",
            "mongo-events/mongodb/mongodb@127.0.0.1:27017",
            "orders-app/app/app@http://127.0.0.1:9400/dbscope/statements");
    assertThat(loaded.config().datasource("pg-main").orElseThrow().password().reveal())
        .isEqualTo("pg-secret");
    assertThat(loaded.config().datasource("mariadb-orders").orElseThrow().password().reveal())
        .isEqualTo("maria-secret");
  }

  @Test
  void yamlAndTomlSamplesGiveEqualConfigs() throws IOException {
    ConfigFiles files = files();
    DbscopeConfig toml = files.load(CONFIG_DIR.resolve("dbscope.toml")).config();
    DbscopeConfig yaml = files.load(CONFIG_DIR.resolve("dbscope.yaml")).config();

    assertThat(yaml.global()).isEqualTo(toml.global());
    assertThat(yaml.datasources()).isEqualTo(toml.datasources());
  }

  @Test
  void seedExampleLoadsAsCommitted() throws IOException {
    Path seed = CONFIG_DIR.resolve("seed-example.toml");
    List<String> lines = Files.readAllLines(seed);

    LoadedConfig loaded = new ConfigFiles(CONFIG_DIR).load(seed);

    DbscopeConfig.GlobalConfig g = loaded.config().global();
    assertThat(g.listenPort()).isEqualTo(9200);
    assertThat(g.enableBasicAuth()).isTrue();
    assertThat(g.groupTimeout()).isEqualTo(Duration.ofSeconds(60));
    assertThat(loaded.config().datasources())
        .extracting(d -> d.name() + "/" + d.engine() + "@" + d.address())
        .containsExactly(
            "prod-master/postgres@127.0.0.1:5236",
            "prod-slave1/postgres@192.168.1.100:5236",
            "test-db/mysql@192.168.1.200:5236");
    DatasourceConfig master = loaded.config().datasource("prod-master").orElseThrow();
    assertThat(master.queryTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(master.connMaxLifetime()).isEqualTo(Duration.ofMinutes(30));
    assertThat(master.option(AnalyticsOptions.SLOW_SQL_TIME)).isEqualTo(Duration.ofSeconds(10));
    assertThat(master.bigKeyDataCacheTime()).isEqualTo(Duration.ofMinutes(1));
    assertThat(master.priority()).isEqualTo(Priority.HIGH);
    assertThat(master.labels())
        .containsExactly(
            Map.entry("cluster", "prod"),
            Map.entry("role", "master"),
            Map.entry("zone", "beijing"));
    DatasourceConfig test = loaded.config().datasource("test-db").orElseThrow();
    assertThat(test.password().reveal()).isEqualTo("password3");
    assertThat(test.description()).isEqualTo("测试环境主库");
    assertThat(test.option(AnalyticsOptions.SLOW_SQL_MAX_ROWS)).isEqualTo(20);
    assertThat(test.customMetricsFiles())
        .containsExactly(CONFIG_DIR.resolve("custom_metrics_test.toml"));
    String notText = " ENC() value does not decode to UTF-8 text; the password is probably wrong";
    assertThat(loaded.warnings())
        .containsExactly(
            seed + ":" + lineOf(lines, "basicAuthPassword", 1) + ": basicAuthPassword:" + notText,
            seed + ":" + lineOf(lines, "dbPwd", 1) + ": datasource[prod-master].dbPwd:" + notText,
            seed + ":" + lineOf(lines, "dbPwd", 2) + ": datasource[prod-slave1].dbPwd:" + notText,
            seed
                + ":"
                + lineOf(lines, "dbPwd", 3)
                + ": datasource[test-db].dbPwd: the password is written in plain text; prefer"
                + " dbPwdFile or ${ENV_VAR} (ENC() is only obfuscation, see"
                + " docs/configuration.md)");
  }

  @Test
  void seedExampleWithoutItsCustomMetricFilesNamesEachMissingFile() throws IOException {
    Path copy = Files.copy(CONFIG_DIR.resolve("seed-example.toml"), dir.resolve("seed.toml"));
    List<String> lines = Files.readAllLines(copy);

    assertThat(new ConfigFiles(dir).problems(copy))
        .containsExactly(
            copy
                + ":"
                + lineOf(lines, "customMetricsFile", 1)
                + ": datasource[prod-master].customMetricsFile: cannot read "
                + dir.resolve("custom_metrics_prod_master.toml")
                + ": no such file",
            copy
                + ":"
                + lineOf(lines, "customMetricsFile", 2)
                + ": datasource[prod-slave1].customMetricsFile: cannot read "
                + dir.resolve("custom_metrics_prod_slave.toml")
                + ": no such file",
            copy
                + ":"
                + lineOf(lines, "customMetricsFile", 3)
                + ": datasource[test-db].customMetricsFile: cannot read "
                + dir.resolve("custom_metrics_test.toml")
                + ": no such file");
  }

  private static Set<String> names(JsonNode node) {
    Set<String> names = new TreeSet<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static Set<String> globalKeyNames() {
    Set<String> names = new TreeSet<>();
    ConfigKeys.of(Scope.GLOBAL).forEach(k -> names.add(k.name()));
    for (Engine e : ENGINES.engines()) {
      e.globalOptionTables().forEach(t -> t.options().forEach(o -> names.add(o.name())));
    }
    return names;
  }

  private static Set<String> datasourceKeyNames(String engine) {
    Set<String> names =
        ConfigKeys.of(Scope.DATASOURCE).stream()
            .map(ConfigKey::name)
            .collect(Collectors.toCollection(TreeSet::new));
    ENGINES
        .find(engine)
        .orElseThrow()
        .optionTables()
        .forEach(t -> t.options().forEach(o -> names.add(o.name())));
    return names;
  }

  /** The shared keys and every engine's, each once. */
  private static List<ConfigKey> allKeys() {
    List<ConfigKey> keys = new ArrayList<>(ConfigKeys.all());
    Set<OptionTable> tables = new java.util.LinkedHashSet<>();
    for (Engine e : ENGINES.engines()) {
      tables.addAll(e.optionTables());
      tables.addAll(e.globalOptionTables());
    }
    tables.forEach(t -> t.options().stream().map(Option::key).forEach(keys::add));
    return keys;
  }

  /** 1-based line of the n-th line that starts with the key. */
  private static int lineOf(List<String> lines, String key, int n) {
    int seen = 0;
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).startsWith(key + " ") && ++seen == n) {
        return i + 1;
      }
    }
    throw new AssertionError(key + " is not set " + n + " times");
  }

  /** The comment lines right above the first line that sets the key, joined. */
  private static String commentAbove(List<String> lines, String key) {
    Pattern setting = Pattern.compile("^\\s*(- )?" + key + "\\s*[=:]");
    for (int i = 0; i < lines.size(); i++) {
      if (setting.matcher(lines.get(i)).find()) {
        List<String> comment = new ArrayList<>();
        for (int j = i - 1; j >= 0 && lines.get(j).strip().startsWith("#"); j--) {
          comment.addFirst(lines.get(j).strip().substring(1).strip());
        }
        return String.join(" ", comment);
      }
    }
    return "(key not set in the sample)";
  }
}
