package io.dbscope.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code [cluster]} table: defaults, each key, problems with file, line and key. */
class ClusterConfigTest {
  private static final String DATASOURCE =
      """
      [[datasource]]
      name = "a"
      engine = "postgres"
      dbHost = "db1"
      """;

  @TempDir Path dir;

  @Test
  void withoutTheTableOrWithoutARedisThereIsNoCluster() {
    ConfigFiles files = new ConfigFiles(dir);

    assertThat(files.load("none.toml", DATASOURCE).config().global().cluster()).isEmpty();
    assertThat(
            files
                .load("empty.toml", "[cluster]\nredis = \"\"\nlease = \"2s\"\n" + DATASOURCE)
                .config()
                .global()
                .cluster())
        .isEmpty();
  }

  @Test
  void aRedisAndAnAdvertisedUrlAreEnoughAndTheRestTakesItsDefault() {
    LoadedConfig loaded =
        new ConfigFiles(dir)
            .load(
                "c.toml",
                "[cluster]\nredis = \"127.0.0.1:6379\"\nadvertise = \"http://h1:9630/\"\n"
                    + DATASOURCE);

    ClusterConfig c = loaded.config().global().cluster().orElseThrow();
    assertThat(loaded.warnings()).isEmpty();
    assertThat(c)
        .isEqualTo(
            new ClusterConfig(
                "127.0.0.1:6379",
                "",
                Secret.empty(),
                false,
                List.of(),
                "mymaster",
                "dbscope",
                URI.create("http://h1:9630"),
                1.0,
                Duration.ofSeconds(15),
                Duration.ofSeconds(5),
                Duration.ofSeconds(60),
                Duration.ofSeconds(120)));
  }

  @Test
  void everyKeyIsReadInYamlToo() {
    ConfigFiles files = new ConfigFiles(dir, Map.of("REDIS_PASSWORD", "s3cret"));
    LoadedConfig loaded =
        files.load(
            "c.yaml",
            """
            cluster:
              sentinels: ["10.0.0.1:26379", "10.0.0.2:26379"]
              sentinelMaster: metrics
              redisUser: dbscope
              redisPwd: ${REDIS_PASSWORD}
              redisTls: true
              clusterName: prod
              advertise: https://dbscope-2.internal:9630
              weight: 2.5
              lease: 3s
              settle: 1s
              checkpoint: 30s
              redisDownGrace: 5m
            datasource:
              - name: a
                engine: postgres
                dbHost: db1
            """);

    ClusterConfig c = loaded.config().global().cluster().orElseThrow();
    assertThat(c.sentinels()).containsExactly("10.0.0.1:26379", "10.0.0.2:26379");
    assertThat(c.sentinelMaster()).isEqualTo("metrics");
    assertThat(c.redisUser()).isEqualTo("dbscope");
    assertThat(c.password().reveal()).isEqualTo("s3cret");
    assertThat(c.tls()).isTrue();
    assertThat(c.name()).isEqualTo("prod");
    assertThat(c.advertise()).isEqualTo(URI.create("https://dbscope-2.internal:9630"));
    assertThat(c.weight()).isEqualTo(2.5);
    assertThat(c.lease()).isEqualTo(Duration.ofSeconds(3));
    assertThat(c.settle()).isEqualTo(Duration.ofSeconds(1));
    assertThat(c.checkpoint()).isEqualTo(Duration.ofSeconds(30));
    assertThat(c.redisDownGrace()).isEqualTo(Duration.ofMinutes(5));
    assertThat(c.toString()).doesNotContain("s3cret");
    assertThat(c.redisText())
        .isEqualTo("sentinels 10.0.0.1:26379,10.0.0.2:26379 (primary metrics)");
  }

  @Test
  void aPasswordFileIsReadAndAPlainPasswordIsWarnedWithoutBeingQuoted() {
    ConfigFiles files = new ConfigFiles(dir);
    files.write("redis-password", "from-file\n");
    String head = "[cluster]\nredis = \"r:6379\"\nadvertise = \"http://h:1\"\n";

    assertThat(
            files
                .load("f.toml", head + "redisPwdFile = \"redis-password\"\n" + DATASOURCE)
                .config()
                .global()
                .cluster()
                .orElseThrow()
                .password()
                .reveal())
        .isEqualTo("from-file");
    LoadedConfig plain = files.load("p.toml", head + "redisPwd = \"hunter2\"\n" + DATASOURCE);
    assertThat(plain.warnings())
        .singleElement()
        .asString()
        .contains(":4: cluster.redisPwd: the password is written in plain text")
        .doesNotContain("hunter2");
  }

  @Test
  void problemsNameFileLineAndKeyAndAllAreReportedAtOnce() {
    ConfigFiles files = new ConfigFiles(dir);
    Path f =
        files.write(
            "bad.toml",
            """
            [cluster]
            redis = "no-port"
            lease = "100ms"
            weight = 0
            clusterName = "a b"
            leese = "1s"
            """
                + DATASOURCE);

    assertThat(files.problems(f))
        .containsExactly(f + ":6: cluster.leese: unknown key (did you mean lease?)");

    Path g =
        files.write(
            "bad2.toml",
            """
            [cluster]
            redis = "no-port"
            lease = "100ms"
            weight = 0
            clusterName = "a b"
            redisPwd = "x"
            redisPwdFile = "also"
            """
                + DATASOURCE);
    assertThat(files.problems(g))
        .containsExactlyInAnyOrder(
            g + ":2: cluster.redis: 'no-port' is not host:port",
            g + ":5: cluster.clusterName: 'a b' is not a cluster name (letters, digits, . _ -)",
            g
                + ":1: cluster.advertise: required in cluster mode: this instance's URL, such as"
                + " http://dbscope-1.internal:9630",
            g + ":4: cluster.weight: must be more than 0 and at most 1000, got 0.0",
            g + ":3: cluster.lease: must be at least 300ms",
            g + ":7: cluster.redisPwdFile: set either redisPwd or redisPwdFile, not both");
  }

  @Test
  void theTableMustBeATable() {
    ConfigFiles files = new ConfigFiles(dir);
    Path f = files.write("t.toml", "cluster = \"redis:6379\"\n" + DATASOURCE);

    assertThat(files.problems(f))
        .containsExactly(
            f
                + ":1: cluster: expected a table ([cluster] in TOML, a mapping in YAML), got a string");
  }
}
