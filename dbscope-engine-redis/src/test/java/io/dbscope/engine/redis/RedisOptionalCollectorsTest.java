package io.dbscope.engine.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbscope.core.config.DatasourceBuilder;
import io.dbscope.core.definition.Definition;
import io.dbscope.testkit.ExpositionText;
import io.dbscope.testkit.contract.DefinitionsContract;
import io.dbscope.testkit.contract.EngineUnderTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/**
 * {@link DefinitionsContract} on Debian's Redis with {@code optionalCollectors = "all"}:
 * redis_exporter 1.69's system, config and client-list metrics and its latency histogram, each with
 * the type and label names the real binary serves (read from it with --include-system-metrics
 * --include-config-metrics --export-client-list on Redis 7.0.15).
 */
class RedisOptionalCollectorsTest extends DefinitionsContract {
  private record Family(String type, Set<String> labels) {}

  private static final Set<String> CLIENT = Set.of("id", "name");

  /** Families and label names of the exporter's output. */
  private static final Map<String, Family> EXPORTER =
      Map.ofEntries(
          Map.entry("redis_total_system_memory_bytes", new Family("gauge", Set.of())),
          Map.entry("redis_config_key_value", new Family("gauge", Set.of("key", "value"))),
          Map.entry("redis_config_value", new Family("gauge", Set.of("key"))),
          Map.entry("redis_commands_latencies_usec", new Family("histogram", Set.of("cmd"))),
          Map.entry("redis_latency_percentiles_usec", new Family("summary", Set.of("cmd"))),
          Map.entry(
              "redis_connected_client_info",
              new Family("gauge", Set.of("db", "flags", "host", "id", "name", "resp", "user"))),
          Map.entry("redis_connected_client_created_at_timestamp", new Family("gauge", CLIENT)),
          Map.entry("redis_connected_client_idle_since_timestamp", new Family("gauge", CLIENT)),
          Map.entry(
              "redis_connected_client_channel_subscriptions_count", new Family("gauge", CLIENT)),
          Map.entry(
              "redis_connected_client_pattern_matching_subscriptions_count",
              new Family("gauge", CLIENT)),
          Map.entry(
              "redis_connected_client_shard_channel_subscriptions_count",
              new Family("gauge", CLIENT)),
          Map.entry(
              "redis_connected_client_query_buffer_length_bytes", new Family("gauge", CLIENT)),
          Map.entry(
              "redis_connected_client_query_buffer_free_space_bytes", new Family("gauge", CLIENT)),
          Map.entry(
              "redis_connected_client_output_buffer_length_bytes", new Family("gauge", CLIENT)),
          Map.entry("redis_connected_client_output_list_length", new Family("gauge", CLIENT)),
          Map.entry(
              "redis_connected_client_output_buffer_memory_usage_bytes",
              new Family("gauge", CLIENT)),
          Map.entry(
              "redis_connected_client_total_memory_consumed_bytes", new Family("gauge", CLIENT)));

  @Override
  protected EngineUnderTest start() {
    RedisUnderTest redis = RedisUnderTest.start();
    try (Jedis j = Fixtures.client(redis.fixture())) {
      j.set("a", "1");
      j.get("a");
      j.get("a");
    }
    return redis;
  }

  @Override
  protected DatasourceBuilder datasource(EngineUnderTest db) {
    return db.datasource().optionalCollectors(List.of("all"));
  }

  @Override
  protected AutoCloseable load(EngineUnderTest db) {
    Jedis j = Fixtures.client(((RedisUnderTest) db).fixture());
    j.clientSetname("app-1");
    // Stays open through the collection: a named client for the client list.
    return j;
  }

  @Test
  void everyFamilyOfTheExporterIsServedWithItsTypeAndLabels() {
    ExpositionText text = collected().text();
    List<String> problems = new ArrayList<>();
    EXPORTER.forEach(
        (name, want) -> {
          var type = text.type(name);
          if (type.isEmpty()) {
            problems.add(name + ": not served");
            return;
          }
          if (!type.get().equals(want.type())) {
            problems.add(name + ": type " + type.get() + ", the exporter's " + want.type());
          }
          for (ExpositionText.Sample s : text.samples(name)) {
            Set<String> labels = new TreeSet<>(s.labels().keySet());
            labels.removeAll(Set.of("datasource", "le", "quantile"));
            if (!labels.equals(want.labels())) {
              problems.add(name + ": labels " + labels + ", the exporter's " + want.labels());
              break;
            }
          }
        });
    assertThat(problems).as("families unlike the exporter's").isEmpty();
  }

  @Test
  void theOptionalCollectorsRanAndSucceeded() {
    List<String> optional =
        collected().plan().stream().filter(d -> !d.defaultEnabled()).map(Definition::id).toList();
    assertThat(optional)
        .containsExactlyInAnyOrder(
            "system_metrics",
            "config_metrics.key_value",
            "config_metrics.value",
            "client_list.info",
            "client_list.metrics");
    for (String id : optional) {
      assertThat(collected().text().value("dbscope_collector_success", Map.of("collector", id)))
          .as("collector %s", id)
          .isEqualTo(1);
    }
  }

  @Test
  void valuesAreTheServersAndSecretsStayOut() {
    ExpositionText text = collected().text();
    assertThat(text.value("redis_total_system_memory_bytes", Map.of())).isGreaterThan(1 << 20);
    assertThat(text.value("redis_config_value", Map.of("key", "maxclients"))).isEqualTo(10000);
    assertThat(text.value("redis_config_key_value", Map.of("key", "appendonly", "value", "no")))
        .isEqualTo(1);
    assertThat(text.samples("redis_config_key_value"))
        .noneMatch(s -> s.labels().get("key").contains("pass"));
    assertThat(text.samples("redis_config_key_value")).hasSizeGreaterThan(100);
    assertThat(text.samples("redis_connected_client_info"))
        .anyMatch(s -> "app-1".equals(s.labels().get("name")));
    // GET ran twice before the scrape: the +Inf bucket and the count say so.
    assertThat(
            text.value("redis_commands_latencies_usec_bucket", Map.of("cmd", "get", "le", "+Inf")))
        .isEqualTo(2);
    assertThat(text.value("redis_commands_latencies_usec_count", Map.of("cmd", "get")))
        .isEqualTo(2);
    assertThat(text.value("redis_commands_latencies_usec_sum", Map.of("cmd", "get")))
        .isGreaterThan(0);
    // The percentiles as Redis names them (latency-tracking-info-percentiles "50 99 99.9").
    for (String q : List.of("50", "99", "99.9")) {
      assertThat(text.value("redis_latency_percentiles_usec", Map.of("cmd", "get", "quantile", q)))
          .as("quantile %s", q)
          .isGreaterThan(0);
    }
    assertThat(text.value("redis_latency_percentiles_usec_count", Map.of("cmd", "get")))
        .isEqualTo(2);
  }
}
