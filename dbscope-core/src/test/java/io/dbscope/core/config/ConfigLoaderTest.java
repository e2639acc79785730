package io.dbscope.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbscope.core.config.ConfigKey.Scope;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  @TempDir Path dir;

  private static final String MINIMAL =
      """
      [[datasource]]
      name = "a"
      engine = "postgres"
      dbHost = "db1.example.com"
      """;

  @Test
  void minimalDatasourceGetsTheBuilderDefaultsAndTheEnginePort() {
    LoadedConfig loaded = new ConfigFiles(dir).load("min.toml", MINIMAL);

    assertThat(loaded.warnings()).isEmpty();
    assertThat(loaded.config().datasources())
        .containsExactly(
            DatasourceConfig.builder("a", "postgres")
                .host("db1.example.com")
                .port(5432)
                .option(TestEngines.STATEMENT_SCOPE, "cluster")
                .build());
    DbscopeConfig.GlobalConfig g = loaded.config().global();
    assertThat(g.listenHost()).isEmpty();
    assertThat(g.listenPort()).isEqualTo(9630);
    assertThat(g.metricPath()).isEqualTo("/metrics");
    assertThat(g.collectStrategy()).isEqualTo(CollectStrategy.HYBRID);
    assertThat(g.scrapeTimeoutDefault()).isEqualTo(Duration.ofSeconds(10));
    assertThat(g.scrapeTimeoutFactor()).isEqualTo(0.8);
    assertThat(g.basicAuthPassword().isEmpty()).isTrue();
    assertThat(loaded.config().source()).contains(dir.resolve("min.toml"));
  }

  /**
   * Writing every key with the default documented in ConfigKeys must give the same config as
   * writing none: the table's defaults are the Builder's (and GlobalConfig's) defaults.
   */
  @Test
  void documentedDefaultsAreTheRealDefaults() {
    StringBuilder all = new StringBuilder();
    for (ConfigKey k : ConfigKeys.of(Scope.GLOBAL)) {
      all.append(k.name()).append(" = ").append(k.defaultValue()).append('\n');
    }
    all.append(
        "[[datasource]]\nname = \"a\"\nengine = \"postgres\"\ndbHost = \"db1.example.com\"\n");
    for (ConfigKey k : ConfigKeys.of(Scope.DATASOURCE)) {
      if (!k.required()) {
        all.append(k.name()).append(" = ").append(k.defaultValue()).append('\n');
      }
    }
    ConfigFiles files = new ConfigFiles(dir);
    LoadedConfig explicit = files.load("all.toml", all.toString());
    LoadedConfig minimal = files.load("min.toml", MINIMAL);

    assertThat(explicit.warnings()).isEmpty();
    assertThat(explicit.config().global()).isEqualTo(minimal.config().global());
    assertThat(explicit.config().datasources()).isEqualTo(minimal.config().datasources());
  }

  /** A value other than the default for every key, so that each key is shown to be bound. */
  private static final Map<String, String> OTHER_VALUES =
      Map.ofEntries(
          Map.entry("listenAddress", "\"127.0.0.1:1\""),
          Map.entry("metricPath", "\"/m\""),
          Map.entry("logLevel", "\"warn\""),
          Map.entry("logFile", "\"x.log\""),
          Map.entry("logFormat", "\"json\""),
          Map.entry("logMaxSize", "11"),
          Map.entry("logMaxBackups", "4"),
          Map.entry("logMaxAge", "31"),
          Map.entry(
              "enableBasicAuth", "true\nbasicAuthUsername = \"u\"\nbasicAuthPassword = \"${PW}\""),
          Map.entry("basicAuthUsername", "\"u\""),
          Map.entry("basicAuthPassword", "\"${PW}\""),
          Map.entry("collectStrategy", "\"serial\""),
          Map.entry("maxConcurrentGroups", "4"),
          Map.entry("groupTimeout", "61"),
          Map.entry("maxConcurrentCollections", "16"),
          Map.entry("scrapeTimeout", "11"),
          Map.entry("scrapeTimeoutFactor", "0.9"),
          Map.entry("maxScrapeTimeout", "61"),
          Map.entry("allowUncheckedQueries", "true"),
          Map.entry("allowedFunctions", "[\"crosstab\"]"),
          Map.entry("description", "\"d\""),
          Map.entry("enabled", "false"),
          Map.entry("database", "\"app\""),
          Map.entry("url", "\"jdbc:postgresql://db1.example.com/app\""),
          Map.entry("dbUser", "\"u\""),
          Map.entry("dbPwd", "\"${PW}\""),
          Map.entry("dbPwdFile", "\"x.pw\""),
          Map.entry("connectTimeout", "6"),
          Map.entry("queryTimeout", "11"),
          Map.entry("maxOpenConns", "4"),
          Map.entry("maxIdleConns", "2"),
          Map.entry("connMaxLifetime", "31"),
          Map.entry("healthCheckInterval", "31"),
          Map.entry("priority", "1"),
          Map.entry("labels", "\"k=v\""),
          Map.entry("collectors", "[\"pg_locks\"]"),
          Map.entry("excludeCollectors", "[\"pg_locks\"]"),
          Map.entry("optionalCollectors", "\"all\""),
          Map.entry("registerDatabaseMetrics", "false"),
          Map.entry("registerHostMetrics", "true"),
          Map.entry("registerCustomMetrics", "false"),
          Map.entry("customMetricsFile", "\"x.pw\""),
          Map.entry("customMaxValueBytes", "4096"),
          Map.entry("customMaxResultBytes", "65536"),
          Map.entry("bigKeyDataCacheTime", "1"),
          Map.entry("alarmKeyCacheTime", "1"),
          Map.entry("checkSlowSQL", "true"),
          Map.entry("slowSqlTime", "1"),
          Map.entry("statementTopN", "21"),
          Map.entry("statementScope", "\"database\""),
          Map.entry("eventLog", "\"off\""),
          Map.entry("kafkaBootstrapServers", "\"k1:9092\""),
          Map.entry("kafkaTopic", "\"other\""),
          Map.entry("kafkaEnvironment", "\"prod\""),
          Map.entry("kafkaStatementRecords", "false"),
          Map.entry("kafkaQueueSize", "100"),
          Map.entry("kafkaSecurityProtocol", "\"ssl\""),
          Map.entry("kafkaSaslMechanism", "\"scram-sha-256\""),
          Map.entry("kafkaSaslUsername", "\"u\""),
          Map.entry("kafkaSaslPassword", "\"${PW}\""),
          Map.entry("kafkaTruststore", "\"x.pw\""),
          Map.entry("kafkaTruststorePassword", "\"${PW}\""));

  /** Informational keys that are accepted but change nothing. */
  private static final List<String> INFORMATIONAL = List.of("version", "encodeConfigPwd");

  @Test
  void everyKeyIsBound() {
    ConfigFiles files = new ConfigFiles(dir, Map.of("PW", "pw"));
    files.write("x.pw", "pw");
    LoadedConfig minimal = files.load("min.toml", MINIMAL);
    // The [cluster] keys take effect only with a Redis named: ClusterConfigTest checks them.
    List<ConfigKey> keys =
        new java.util.ArrayList<>(
            ConfigKeys.all().stream().filter(k -> k.scope() != Scope.CLUSTER).toList());
    for (OptionTable t : List.of(TestEngines.SQL_KEYS, TestEngines.GUARD_KEYS)) {
      t.options().forEach(o -> keys.add(o.key()));
    }
    for (ConfigKey k : keys) {
      if (k.required() || INFORMATIONAL.contains(k.name())) {
        continue;
      }
      assertThat(OTHER_VALUES).as("a non-default value for %s", k.name()).containsKey(k.name());
      String line = k.name() + " = " + OTHER_VALUES.get(k.name()) + "\n";
      String text = k.scope() == Scope.GLOBAL ? line + MINIMAL : MINIMAL + line;
      LoadedConfig changed = files.load(k.name() + ".toml", text);
      assertThat(
              changed.config().global().equals(minimal.config().global())
                  && changed.config().datasources().equals(minimal.config().datasources()))
          .as("setting %s changes the loaded config", k.name())
          .isFalse();
    }
    assertThat(
            files
                .load("info.toml", "version = \"v9\"\nencodeConfigPwd = false\n" + MINIMAL)
                .config()
                .datasources())
        .isEqualTo(minimal.config().datasources());
  }

  /**
   * The loader lets each engine settle options that depend on the other datasources once all are
   * read (the SQL engines' statementScope; the test engine mimics it by host and port).
   */
  @Test
  void autoStatementScopeIsDatabaseWhereDatasourcesShareAServer() {
    String config =
        """
        [[datasource]]
        name = "alone"
        engine = "postgres"
        dbHost = "db1.example.com"

        [[datasource]]
        name = "shop"
        engine = "postgres"
        dbHost = "db2.example.com:5432"
        database = "shop"

        [[datasource]]
        name = "billing"
        engine = "postgres"
        url = "jdbc:postgresql://DB2.example.com/billing"

        [[datasource]]
        name = "told"
        engine = "postgres"
        dbHost = "db2.example.com"
        database = "all"
        statementScope = "cluster"

        [[datasource]]
        name = "off"
        engine = "postgres"
        dbHost = "db3.example.com"
        enabled = false

        [[datasource]]
        name = "on"
        engine = "postgres"
        dbHost = "db3.example.com"
        """;
    Map<String, String> scopes =
        new ConfigFiles(dir)
            .load("scopes.toml", config).config().datasources().stream()
                .collect(
                    Collectors.toMap(
                        DatasourceConfig::name, d -> d.option(TestEngines.STATEMENT_SCOPE)));
    assertThat(scopes)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "alone", "cluster",
                "shop", "database",
                "billing", "database",
                "told", "cluster",
                "off", "cluster",
                "on", "cluster"));
  }

  @Test
  void plainNumbersUseEachKeysUnitAndStringsCarryTheirOwn() {
    DatasourceConfig ds =
        new ConfigFiles(dir)
            .load(
                "units.toml",
                MINIMAL
                    + """
                    queryTimeout = 30
                    connMaxLifetime = 30
                    slowSqlTime = 10000
                    bigKeyDataCacheTime = 60
                    alarmKeyCacheTime = "1.5s"
                    connectTimeout = "500ms"
                    healthCheckInterval = "1m30s"
                    """)
            .config()
            .datasources()
            .getFirst();

    assertThat(ds.queryTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(ds.connMaxLifetime()).isEqualTo(Duration.ofMinutes(30));
    assertThat(ds.option(TestEngines.SLOW_SQL_TIME)).isEqualTo(Duration.ofSeconds(10));
    assertThat(ds.bigKeyDataCacheTime()).isEqualTo(Duration.ofMinutes(1));
    assertThat(ds.alarmKeyCacheTime()).isEqualTo(Duration.ofMillis(1500));
    assertThat(ds.connectTimeout()).isEqualTo(Duration.ofMillis(500));
    assertThat(ds.healthCheckInterval()).isEqualTo(Duration.ofSeconds(90));
  }

  @Test
  void globalKeysMapOntoGlobalConfig() {
    ConfigFiles files = new ConfigFiles(dir);
    files.write("logs/.keep", "");
    DbscopeConfig.GlobalConfig g =
        files
            .load(
                "g.toml",
                """
                listenAddress = "[::1]:19630"
                metricPath = "/db/metrics"
                logLevel = "DEBUG"
                logFormat = "json"
                logFile = "logs/dbscope.log"
                logMaxSize = 50
                collectStrategy = "serial"
                groupTimeout = "90s"
                scrapeTimeout = 20
                scrapeTimeoutFactor = 1
                maxScrapeTimeout = "2m"
                enableBasicAuth = true
                basicAuthUsername = "prometheus"
                basicAuthPassword = "$2a$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy"
                allowUncheckedQueries = true
                allowedFunctions = ["crosstab", "public.\\"MyFunc\\""]
                """
                    + MINIMAL)
            .config()
            .global();

    assertThat(g.listenHost()).isEqualTo("::1");
    assertThat(g.listenPort()).isEqualTo(19630);
    assertThat(g.metricPath()).isEqualTo("/db/metrics");
    assertThat(g.logLevel()).isEqualTo("debug");
    assertThat(g.logFormat()).isEqualTo("json");
    assertThat(g.logFile()).contains(dir.resolve("logs/dbscope.log"));
    assertThat(g.logMaxSizeMb()).isEqualTo(50);
    assertThat(g.collectStrategy()).isEqualTo(CollectStrategy.SERIAL);
    assertThat(g.groupTimeout()).isEqualTo(Duration.ofSeconds(90));
    assertThat(g.scrapeTimeoutDefault()).isEqualTo(Duration.ofSeconds(20));
    assertThat(g.scrapeTimeoutFactor()).isEqualTo(1.0);
    assertThat(g.scrapeTimeoutMax()).isEqualTo(Duration.ofMinutes(2));
    assertThat(g.enableBasicAuth()).isTrue();
    assertThat(g.basicAuthUsername()).isEqualTo("prometheus");
    assertThat(g.basicAuthPassword().reveal()).startsWith("$2a$10$");
    assertThat(g.allowUncheckedQueries()).isTrue();
    assertThat(g.option(TestEngines.ALLOWED_FUNCTIONS))
        .containsExactly("crosstab", "public.\"MyFunc\"");
  }

  @Test
  void engineAliasesAreNormalizedAndKeptForDisplay() {
    DatasourceConfig ds =
        new ConfigFiles(dir)
            .load(
                "m.toml",
                """
                [[datasource]]
                name = "orders"
                engine = "MariaDB"
                dbHost = "[fd00::5]"
                """)
            .config()
            .datasources()
            .getFirst();

    assertThat(ds.engine()).isEqualTo("mysql");
    assertThat(ds.engineAlias()).isEqualTo("MariaDB");
    assertThat(ds.host()).isEqualTo("fd00::5");
    assertThat(ds.port()).isEqualTo(3306);
  }

  @Test
  void labelsKeepTheirOrderInStringAndTableForm() {
    ConfigFiles files = new ConfigFiles(dir);
    DatasourceConfig fromString =
        files
            .load(
                "s.toml",
                MINIMAL
                    + """
                    labels = " zone = beijing , cluster=prod,role=master"
                    """)
            .config()
            .datasources()
            .getFirst();
    DatasourceConfig fromTable =
        files
            .load(
                "t.yaml",
                """
                datasource:
                  - name: a
                    engine: postgres
                    dbHost: db1.example.com
                    labels: {zone: beijing, cluster: prod, role: master}
                """)
            .config()
            .datasources()
            .getFirst();

    assertThat(fromString.labels().entrySet().stream().map(Object::toString).toList())
        .containsExactly("zone=beijing", "cluster=prod", "role=master");
    assertThat(fromTable).isEqualTo(fromString);
  }

  @Test
  void urlOverridesDbHostAndGivesHostAndPortForDisplay() {
    LoadedConfig loaded =
        new ConfigFiles(dir)
            .load(
                "u.toml",
                """
                [[datasource]]
                name = "a"
                engine = "postgres"
                dbHost = "ignored:1"
                url = "jdbc:postgresql://db2.example.com:6432/app?sslmode=require"
                """);
    DatasourceConfig ds = loaded.config().datasources().getFirst();

    assertThat(ds.url())
        .contains(URI.create("jdbc:postgresql://db2.example.com:6432/app?sslmode=require"));
    assertThat(ds.host()).isEqualTo("db2.example.com");
    assertThat(ds.port()).isEqualTo(6432);
    assertThat(loaded.warnings())
        .containsExactly(
            dir.resolve("u.toml")
                + ":4: datasource[a].dbHost: ignored: url is set and overrides it");
  }

  @Test
  void redisDatabaseMayBeANumber() {
    DatasourceConfig ds =
        new ConfigFiles(dir)
            .load(
                "r.yaml",
                """
                datasource:
                  - name: cache
                    engine: redis
                    dbHost: 127.0.0.1
                    database: 2
                """)
            .config()
            .datasources()
            .getFirst();

    assertThat(ds.database()).contains("2");
    assertThat(ds.port()).isEqualTo(6379);
  }

  @Test
  void legacySingleDatasourceFormBecomesDatasourceDefault() {
    LoadedConfig loaded =
        new ConfigFiles(dir, Map.of("PW", "s3cret"))
            .load(
                "legacy.toml",
                """
                listenAddress = ":9300"
                engine = "postgres"
                dbHost = "127.0.0.1:5433"
                dbUser = "monitor"
                dbPwd = "${PW}"
                queryTimeout = 30
                labels = "env=legacy"
                """);

    assertThat(loaded.config().global().listenPort()).isEqualTo(9300);
    assertThat(loaded.config().datasources())
        .containsExactly(
            DatasourceConfig.builder("default", "postgres")
                .host("127.0.0.1")
                .port(5433)
                .user("monitor")
                .password(Secret.of("s3cret"))
                .queryTimeout(Duration.ofSeconds(30))
                .labels(Map.of("env", "legacy"))
                .option(TestEngines.STATEMENT_SCOPE, "cluster")
                .build());
  }

  @Test
  void collectorListsNameTheEnginesCollectors() {
    DatasourceConfig ds =
        new ConfigFiles(dir)
            .load(
                "c.toml",
                MINIMAL
                    + """
                    collectors = ["pg_stat_database", "pg_locks"]
                    excludeCollectors = ["pg_settings"]
                    """)
            .config()
            .datasources()
            .getFirst();

    assertThat(ds.collectors()).containsExactly("pg_stat_database", "pg_locks");
    assertThat(ds.excludeCollectors()).containsExactly("pg_settings");
  }

  @Test
  void customMetricsFileTakesAPathAGlobOrAList() {
    ConfigFiles files = new ConfigFiles(dir);
    files.write("custom/b.toml", "");
    files.write("custom/a.toml", "");
    files.write("custom/notes.txt", "");
    files.write("one.toml", "");

    DatasourceConfig single =
        files
            .load("s.toml", MINIMAL + "customMetricsFile = \"one.toml\"\n")
            .config()
            .datasources()
            .getFirst();
    DatasourceConfig list =
        files
            .load("l.toml", MINIMAL + "customMetricsFile = [\"one.toml\", \"custom/*.toml\"]\n")
            .config()
            .datasources()
            .getFirst();
    LoadedConfig none = files.load("n.toml", MINIMAL + "customMetricsFile = \"custom/*.sql\"\n");

    assertThat(single.customMetricsFiles()).containsExactly(dir.resolve("one.toml"));
    assertThat(list.customMetricsFiles())
        .containsExactly(
            dir.resolve("one.toml"), dir.resolve("custom/a.toml"), dir.resolve("custom/b.toml"));
    assertThat(none.config().datasources().getFirst().customMetricsFiles()).isEmpty();
    assertThat(none.warnings())
        .containsExactly(
            dir.resolve("n.toml")
                + ":5: datasource[a].customMetricsFile: no file matches "
                + dir.resolve("custom/*.sql"));
  }

  @Test
  void everyDatasourceEntryIsBoundInOrder() {
    LoadedConfig loaded =
        new ConfigFiles(dir)
            .load(
                "many.toml",
                MINIMAL
                    + """

                    [[datasource]]
                    name = "b"
                    engine = "redis"
                    dbHost = "cache:6380"
                    enabled = false
                    priority = 3
                    """);

    assertThat(loaded.config().datasources().stream().map(d -> d.name() + "@" + d.address()))
        .containsExactly("a@db1.example.com:5432", "b@cache:6380");
    assertThat(loaded.config().datasource("b").map(DatasourceConfig::priority))
        .isEqualTo(Optional.of(Priority.LOW));
    assertThat(loaded.config().datasource("b").map(DatasourceConfig::enabled)).contains(false);
  }

  @Test
  void everyKeyOfTheTableIsDocumentedOnce() {
    Map<String, List<ConfigKey>> byName =
        ConfigKeys.all().stream().collect(Collectors.groupingBy(ConfigKey::name));
    assertThat(byName.values()).allSatisfy(list -> assertThat(list).hasSize(1));
    assertThat(ConfigKeys.all()).allSatisfy(k -> assertThat(k.doc()).isNotBlank());
  }
}
