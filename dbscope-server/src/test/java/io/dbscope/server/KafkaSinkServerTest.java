package io.dbscope.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dbscope.core.config.ConfigLoader;
import io.dbscope.server.cli.TestAccess;
import io.dbscope.testkit.KafkaFixture;
import io.dbscope.testkit.PostgresFixture;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Seed 004's pipeline end to end: dbscope reads a real PostgreSQL's pg_stat_statements and sends
 * one record per fingerprint and interval to a real Kafka broker (kafka_2.13, KRaft, a separate
 * process); then the broker is killed while dbscope goes on collecting, and every scrape still
 * answers within its deadline while the records that cannot go are counted as dropped.
 */
class KafkaSinkServerTest {
  private static final Pattern DROPPED =
      Pattern.compile("(?m)^dbscope_events_dropped_total\\{sink=\"kafka\"} (\\S+)$");

  private final ObjectMapper json = new ObjectMapper();

  @Test
  void statementRecordsReachTheBrokerAndADeadBrokerCostsNoScrapeItsDeadline(@TempDir Path dir)
      throws Exception {
    try (KafkaFixture kafka = KafkaFixture.start(Path.of("target", "kafka-broker"));
        PostgresFixture pg = PostgresFixture.builder().statStatements().start();
        Connection c = pg.connect();
        Statement st = c.createStatement()) {
      st.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
      st.execute("CREATE TABLE kafka_probe (id int)");
      Path cfg = dir.resolve("kafka.toml");
      Files.writeString(
          cfg,
          """
          listenAddress = "127.0.0.1:0"
          eventLog = "off"
          kafkaBootstrapServers = "%s"
          kafkaEnvironment = "ci"
          kafkaQueueSize = 100
          [[datasource]]
          name = "pg"
          engine = "postgres"
          dbHost = "127.0.0.1:%d"
          dbUser = "postgres"
          statementInterval = 1
          """
              .formatted(kafka.bootstrapServers(), pg.port()));
      try (AutoCloseable running =
          TestAccess.start(new ConfigLoader(Engines.catalog(), Map.of()).load(cfg))) {
        HttpClientSupport http = new HttpClientSupport(TestAccess.port(running));
        // The first read of pg_stat_statements is the baseline; the INSERTs come after it.
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> http.get("/metrics").body().contains("pg_query_calls_total{"));
        for (int i = 0; i < 5; i++) {
          st.execute("INSERT INTO kafka_probe VALUES (" + i + ")");
        }
        await()
            .atMost(Duration.ofSeconds(30))
            .pollInterval(Duration.ofMillis(500))
            .until(() -> http.get("/metrics").body().contains("dbscope_events_sent_total"));

        JsonNode insert = awaitInsertRecord(kafka, http);
        assertThat(insert.get("datasource").asText()).isEqualTo("pg");
        assertThat(insert.get("engine").asText()).isEqualTo("postgres");
        assertThat(insert.get("env").asText()).isEqualTo("ci");
        assertThat(insert.get("statement_kind").asText()).isEqualTo("write");
        assertThat(insert.get("calls").asDouble()).isEqualTo(5);
        assertThat(insert.get("rows").asDouble()).isEqualTo(5);
        assertThat(insert.get("text").asText()).doesNotContain("(4)");
        assertThat(insert.get("tags")).extracting(JsonNode::asText).contains("pgsql");

        kafka.kill();
        long slowest = 0;
        for (int round = 0; round < 8; round++) {
          // 150 new fingerprints a round (one more column each), more than the queue holds.
          for (int k = 1; k <= 150; k++) {
            st.execute("SELECT " + "id, ".repeat(round * 150 + k) + "1 FROM kafka_probe");
          }
          Thread.sleep(1_100);
          long t = System.nanoTime();
          HttpResponse<String> r = http.get("/metrics", "X-Prometheus-Scrape-Timeout-Seconds", "2");
          slowest = Math.max(slowest, System.nanoTime() - t);
          assertThat(r.statusCode()).isEqualTo(200);
        }
        LoggerFactory.getLogger(KafkaSinkServerTest.class)
            .info("broker dead: the slowest of 8 scrapes took {} ms", slowest / 1_000_000);
        assertThat(Duration.ofNanos(slowest))
            .as("the slowest scrape with the broker dead")
            .isLessThan(Duration.ofSeconds(2));
        String metrics = http.get("/metrics").body();
        Matcher m = DROPPED.matcher(metrics);
        assertThat(m.find()).as("dbscope_events_dropped_total in %s", metrics).isTrue();
        assertThat(Double.parseDouble(m.group(1))).isPositive();
        assertThat(metrics).contains("dbscope_event_queue_depth{sink=\"kafka\"} ");
      }
    }
  }

  /** Consumes until the record of the INSERT fingerprint arrives, scraping meanwhile. */
  private JsonNode awaitInsertRecord(KafkaFixture kafka, HttpClientSupport http) throws Exception {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    p.put(ConsumerConfig.GROUP_ID_CONFIG, "logstash");
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    List<String> seen = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p)) {
      consumer.subscribe(List.of("pgsql_query_message"));
      long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (System.nanoTime() < end) {
        http.get("/metrics");
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
          assertThat(r.key()).isEqualTo("pg");
          seen.add(r.value());
          JsonNode n = json.readTree(r.value());
          if (n.get("kind").asText().equals("statement_interval")
              && n.get("text").asText().startsWith("INSERT INTO kafka_probe")) {
            return n;
          }
        }
      }
    }
    throw new AssertionError("no INSERT record on pgsql_query_message; seen: " + seen);
  }
}
