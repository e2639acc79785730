package io.dbscope.engine.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbscope.core.config.DatasourceBuilder;
import io.dbscope.core.config.DatasourceConfig;
import io.dbscope.core.config.Secret;
import io.dbscope.core.definition.Definition;
import io.dbscope.core.engine.EngineResources;
import io.dbscope.core.scrape.Deadline;
import io.dbscope.core.scrape.MonitoredDatasource;
import io.dbscope.testkit.ExpositionText;
import io.dbscope.testkit.MarkdownBlock;
import io.dbscope.testkit.RedisFixture;
import io.dbscope.testkit.Scraped;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Protocol;

/**
 * The Redis ACL user of docs/operations.md, created on a real Redis 7 (Debian's) with the command
 * read from that page: collecting as that user (on database 0 and on database 1, which needs
 * SELECT), every planned collector succeeds and the same collectors and families come out as for
 * the default user. A user without {@code config|get} shows that the ACL is what lets the CONFIG
 * collectors work.
 */
class LeastPrivilegeTest {
  private static final RedisEngine engine = new RedisEngine();
  private static RedisFixture redis;
  private static EngineResources resources;

  private record Collected(ExpositionText scrape, List<Definition> plan) {}

  @BeforeAll
  static void start() throws Exception {
    redis = RedisFixture.system().start();
    resources = EngineResources.create();
    try (Jedis admin = Fixtures.client(redis)) {
      admin.set("some-key", "v");
      acl(admin, documented());
      acl(admin, "ACL SETUSER weak on >weak -@all +ping +info");
    }
  }

  @AfterAll
  static void stop() {
    if (resources != null) {
      resources.close();
    }
    if (redis != null) {
      redis.close();
    }
  }

  /** The one line of the block after {@code <!-- least-privilege: redis -->} in the docs. */
  static String documented() throws Exception {
    return MarkdownBlock.after(
            Path.of("..", "docs", "operations.md"), "<!-- least-privilege: redis -->")
        .strip();
  }

  private static void acl(Jedis admin, String line) {
    String[] words = line.split("\\s+");
    assertThat(words[0]).isEqualTo("ACL");
    Object reply =
        admin.sendCommand(Protocol.Command.ACL, Arrays.copyOfRange(words, 1, words.length));
    assertThat(new String((byte[]) reply, java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("OK");
  }

  private static Collected collect(String user, String password, String database) {
    DatasourceBuilder b =
        DatasourceConfig.builder("cache", "redis")
            .host(redis.host())
            .port(redis.port())
            .user(user)
            .password(Secret.of(password))
            .connectTimeout(Duration.ofSeconds(2))
            .queryTimeout(Duration.ofSeconds(2));
    if (database != null) {
      b.database(database);
    }
    DatasourceConfig cfg = b.build();
    try (MonitoredDatasource md =
        new MonitoredDatasource(cfg, engine, engine.open(cfg, resources))) {
      return new Collected(Scraped.of(md.collect(Deadline.in(Duration.ofSeconds(10)))), md.plan());
    }
  }

  @Test
  void theDocumentedCommandIsTheOneRun() throws Exception {
    assertThat(documented())
        .isEqualTo(
            "ACL SETUSER dbscope on >change-me -@all +ping +info +config|get +slowlog|len"
                + " +slowlog|get +latency|latest +latency|histogram +client|setname +select");
  }

  @Test
  void everyBuiltinCollectorSucceedsAsTheDocumentedUser() {
    Collected admin = collect("", "", null);
    for (String database : new String[] {null, "1"}) {
      Collected least = collect("dbscope", "change-me", database);
      assertThat(least.plan())
          .extracting(Definition::id)
          .isEqualTo(admin.plan().stream().map(Definition::id).toList());
      List<ExpositionText.Sample> success = least.scrape().samples("dbscope_collector_success");
      assertThat(success).hasSizeGreaterThanOrEqualTo(least.plan().size());
      assertThat(success)
          .allSatisfy(
              s ->
                  assertThat(s.value())
                      .as("collector %s, database %s", s.labels().get("collector"), database)
                      .isEqualTo(1.0));
      assertThat(least.scrape().value("redis_up")).isEqualTo(1);
      assertThat(families(least.scrape())).isEqualTo(families(admin.scrape()));
    }
  }

  @Test
  void withoutConfigGetTheConfigCollectorsFail() {
    Collected weak = collect("weak", "weak", null);
    List<ExpositionText.Sample> failed =
        weak.scrape().samples("dbscope_collector_success").stream()
            .filter(s -> s.value() == 0)
            .toList();
    assertThat(failed)
        .extracting(x -> x.labels().get("collector"))
        .contains("config", "slowlog_length", "latency");
    assertThat(weak.scrape().value("dbscope_collector_success", Map.of("collector", "info")))
        .isEqualTo(1);
  }

  private static java.util.Set<String> families(ExpositionText s) {
    return new java.util.TreeSet<>(s.samples().stream().map(ExpositionText.Sample::name).toList());
  }
}
