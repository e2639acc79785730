package io.dbscope.engine.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.dbscope.core.definition.Definition;
import io.dbscope.core.engine.ResultRows;
import io.dbscope.core.engine.RowMapper;
import io.dbscope.core.metrics.MetricType;
import io.dbscope.core.metrics.SampleBatch;
import io.prometheus.metrics.model.snapshots.Label;
import io.prometheus.metrics.model.snapshots.Labels;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The built-in INFO definitions applied to literal INFO replies captured from Redis 7.0.15 and
 * 6.2.6 (test resources), through the same row shapes and {@link RowMapper} a scrape uses.
 */
class BuiltinDefinitionsTest {
  private final RedisEngine engine = new RedisEngine();
  private final RowMapper mapper = new RowMapper();

  private static InfoText info(String resource) throws IOException {
    try (InputStream in = BuiltinDefinitionsTest.class.getResourceAsStream("/" + resource)) {
      return InfoText.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), Instant.EPOCH);
    }
  }

  /**
   * One for every test's replies, as a process has one: a shape made for one reply is found for the
   * next.
   */
  private final WideRow.Shapes shapes = new WideRow.Shapes();

  private Definition def(String id) {
    return engine.definitions().stream().filter(d -> d.id().equals(id)).findFirst().orElseThrow();
  }

  private SampleBatch map(String id, InfoText info, int databases) {
    Definition d = def(id);
    ResultRows rows =
        RedisSession.infoRows(
            (RedisQuery.Info) RedisQuery.parse(d.query()), info, databases, shapes);
    SampleBatch out = new SampleBatch();
    RowMapper.Result r = mapper.map(d, rows, Labels.of("datasource", "r"), out);
    assertThat(r.missingColumns()).as(id + " missing columns").isEmpty();
    return out;
  }

  private static Map<String, SampleBatch.Family> families(SampleBatch b) {
    Map<String, SampleBatch.Family> m = new TreeMap<>();
    b.families().forEach(f -> m.put(f.name(), f));
    return m;
  }

  private static double value(SampleBatch b, String name) {
    SampleBatch.Family f = families(b).get(name);
    assertThat(f).as(name).isNotNull();
    assertThat(f.points()).hasSize(1);
    return f.points().getFirst().value();
  }

  @Test
  void everyBuiltinQueryParsesAndIdsAreTheExpectedCollectors() {
    assertThat(engine.definitions())
        .extracting(Definition::id)
        .containsExactly(
            "info",
            "instance_info",
            "keyspace",
            "commandstats",
            "errorstats",
            "connected_replicas",
            "replica_link",
            "replica_info",
            "config",
            "config_io_threads",
            "config_client_output_buffer_limit",
            "slowlog_length",
            "slowlog_last",
            "latency",
            "latency_histogram",
            "latency_histogram.sum",
            "latency_percentiles",
            "latency_percentiles.sum",
            "system_metrics",
            "config_metrics.key_value",
            "config_metrics.value",
            "client_list.info",
            "client_list.metrics",
            "check_keys",
            "check_keys.value",
            "check_keys.value_as_string",
            "count_keys",
            "check_streams",
            "check_streams.groups",
            "check_streams.consumers",
            "key_groups",
            "key_groups.distinct",
            "key_groups.duration");
    engine.definitions().forEach(d -> RedisQuery.parse(d.query()));
    assertThat(engine.definitions()).allSatisfy(d -> assertThat(d.help()).isNotBlank());
  }

  @Test
  void infoMapsFieldsToRedisExporterNamesAndTypes() throws IOException {
    SampleBatch b = map("info", info("info-7.0.15.txt"), 0);
    Map<String, SampleBatch.Family> f = families(b);

    assertThat(value(b, "redis_memory_used_bytes")).isEqualTo(990392);
    assertThat(value(b, "redis_connected_clients")).isEqualTo(1);
    assertThat(value(b, "redis_max_clients")).isEqualTo(10000);
    assertThat(value(b, "redis_rdb_last_bgsave_status")).isEqualTo(1);
    assertThat(value(b, "redis_aof_last_write_status")).isEqualTo(1);
    assertThat(value(b, "redis_mem_fragmentation_ratio")).isEqualTo(13.78);
    assertThat(value(b, "redis_cpu_sys_seconds_total")).isEqualTo(0.010716);
    assertThat(value(b, "redis_keyspace_misses_total")).isEqualTo(1);
    assertThat(value(b, "redis_latest_fork_seconds")).isEqualTo(0);
    assertThat(value(b, "redis_cluster_enabled")).isEqualTo(0);
    assertThat(value(b, "redis_start_time_seconds")).isEqualTo(1795316671 - 1);
    assertThat(f.get("redis_commands_processed_total").type()).isEqualTo(MetricType.COUNTER);
    assertThat(f.get("redis_total_error_replies").type()).isEqualTo(MetricType.COUNTER);
    assertThat(f.get("redis_rdb_saves_total").type()).isEqualTo(MetricType.GAUGE);
    assertThat(f.get("redis_memory_used_bytes").help()).isEqualTo("memory_used_bytes metric");
    // Fields redis_exporter does not export stay out: human-readable copies, ratios it skips.
    assertThat(f).doesNotContainKeys("redis_used_memory_human", "redis_rss_overhead_ratio");
    assertThat(f.keySet()).allMatch(n -> n.startsWith("redis_"));
    assertThat(f).hasSizeGreaterThan(100);
  }

  @Test
  void infoOfRedis62HasTheFamiliesItsFieldsAllow() throws IOException {
    Map<String, SampleBatch.Family> f = families(map("info", info("info-6.2.6.txt"), 0));

    assertThat(f).containsKeys("redis_memory_used_bytes", "redis_commands_processed_total");
    assertThat(f).doesNotContainKeys("redis_rdb_saves_total", "redis_evicted_clients_total");
  }

  @Test
  void instanceInfoCarriesRedisExporterLabels() throws IOException {
    SampleBatch b = map("instance_info", info("info-7.0.15.txt"), 0);

    SampleBatch.Point p = families(b).get("redis_instance_info").points().getFirst();
    assertThat(p.value()).isEqualTo(1);
    assertThat((Iterable<Label>) p.labels())
        .containsExactlyElementsOf(
            Labels.of(
                "datasource", "r",
                "role", "master",
                "redis_version", "7.0.15",
                "redis_build_id", "ae4d7c971a948f0",
                "redis_mode", "standalone",
                "os", "Linux 6.18.44-fc-v669 x86_64",
                "maxmemory_policy", "noeviction",
                "tcp_port", "16390",
                "run_id", "41d9665af54ae21f64de0e2b2b5946cbc77847de",
                "process_id", "11973",
                "master_replid", "ed3b8892300109812ffcb6148e859b9ab5076cef"));
  }

  @Test
  void keyspaceCommandstatsAndErrorstats() throws IOException {
    InfoText info = info("info-6.2.6.txt");

    SampleBatch keys = map("keyspace", info, 16);
    SampleBatch cmds = map("commandstats", info, 0);
    SampleBatch errs = map("errorstats", info, 0);

    Map<String, SampleBatch.Family> k = families(keys);
    assertThat(k.get("redis_db_keys").points()).hasSize(16);
    // In the order of their names, as the exposition sorts them: db0, db1, db10 ... db15, db2 ...
    assertThat(k.get("redis_db_keys").points().get(8).labels().get("db")).isEqualTo("db2");
    assertThat(k.get("redis_db_keys_expiring").points().get(8).value()).isEqualTo(1);
    assertThat(k.get("redis_db_avg_ttl_seconds").points()).hasSize(2);
    Map<String, SampleBatch.Family> c = families(cmds);
    assertThat(c.get("redis_commands_total").type()).isEqualTo(MetricType.COUNTER);
    assertThat(c.get("redis_commands_total").points())
        .anySatisfy(
            p -> {
              assertThat(p.labels().get("cmd")).isEqualTo("set");
              assertThat(p.value()).isEqualTo(2);
            });
    assertThat(c.get("redis_commands_duration_seconds_total").points())
        .anySatisfy(p -> assertThat(p.value()).isCloseTo(10e-6, within(1e-12)));
    assertThat(c)
        .containsKeys("redis_commands_rejected_calls_total", "redis_commands_failed_calls_total");
    SampleBatch.Point e = families(errs).get("redis_errors_total").points().getFirst();
    assertThat(e.labels().get("err")).isEqualTo("ERR");
    assertThat(e.value()).isEqualTo(1);
  }
}
