package io.dbscope.sink.kafka;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dbscope.core.config.KafkaSinkConfig;
import io.dbscope.core.events.EventSink;
import io.dbscope.core.metrics.SampleBatch;
import io.dbscope.engine.sql.analytics.StatementInterval;
import io.dbscope.engine.sql.analytics.StatementRecordSink;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.RetriableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends query-analytics events (slow statements, long transactions) and per-fingerprint statement
 * records to a Kafka topic as JSON, keyed by datasource, for Logstash and Elasticsearch (seed 004's
 * {@code pgsql_query_message}).
 *
 * <p>Collection never waits for Kafka: {@link #emit} only appends to a bounded {@link
 * DropOldestQueue} (the oldest record is dropped and counted when it is full). One platform thread
 * takes records from the queue and hands them to the producer, whose {@code send()} blocks at most
 * {@link ProducerProperties#MAX_BLOCK_MS} for metadata or buffer space; acknowledgements count as
 * sent (with their latency), delivery errors as failed. A {@code send()} that times out (no
 * metadata: broker down, topic being created) puts its record back at the head of the queue and the
 * sender pauses half a second. At most {@code kafkaQueueSize} records are with the producer
 * unacknowledged, so that while the broker is away the records wait (and the oldest are dropped) in
 * the queue, where they are counted, not in the producer's 16 MB buffer. Every record gets {@code
 * env} (when configured) and {@code tags} ({@code dbscope}, plus {@code pgsql} for PostgreSQL
 * datasources, the tag seed 004's Logstash pipeline routes on).
 *
 * <pre>{@code
 * try (KafkaEventSink sink = KafkaEventSink.start(config.global().kafka())) {
 *   sink.emit(Map.of("datasource", "pg-main", "kind", "slow_sql"));
 * }
 * }</pre>
 */
public final class KafkaEventSink implements EventSink, StatementRecordSink, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(KafkaEventSink.class);
  private static final int MAX_KNOWN_DATASOURCES = 10_000;
  private static final Duration RETRY_PAUSE = Duration.ofMillis(500);

  private record Pending(String key, Map<String, Object> body) {}

  private final KafkaSinkConfig config;
  private final Producer<String, byte[]> producer;
  private final DropOldestQueue<Pending> queue;
  private final SinkStats stats;
  private final ObjectMapper json = new ObjectMapper();
  private final Map<String, String> engines = new ConcurrentHashMap<>();
  private final Semaphore unacknowledged;
  private final Thread sender;
  private volatile boolean running = true;
  private volatile boolean failing;

  /** Why the record in hand was not accepted by {@code send()}; only the sender thread uses it. */
  private Exception refused;

  private KafkaEventSink(KafkaSinkConfig config, Producer<String, byte[]> producer) {
    this.config = config;
    this.producer = producer;
    this.queue = new DropOldestQueue<>(config.queueSize());
    this.unacknowledged = new Semaphore(config.queueSize());
    this.stats = new SinkStats("kafka", queue::size);
    this.sender = Thread.ofPlatform().name("dbscope-kafka-sink").daemon().unstarted(this::run);
  }

  /**
   * Creates the producer (which connects in the background) and starts the sender thread.
   *
   * @throws IllegalArgumentException when the config is not enabled
   * @throws IllegalStateException with a readable reason when the client refuses its settings
   */
  public static KafkaEventSink start(KafkaSinkConfig config) {
    if (!config.enabled()) {
      throw new IllegalArgumentException("kafkaBootstrapServers is empty: no Kafka sink");
    }
    Properties p = ProducerProperties.of(config);
    KafkaProducer<String, byte[]> producer;
    try {
      producer = new KafkaProducer<>(p);
    } catch (KafkaException e) {
      // A trust store that does not open, an unknown SASL mechanism: one line, with the client's
      // innermost reason (which never holds the password), instead of a stack trace.
      Throwable root = e;
      while (root.getCause() != null) {
        root = root.getCause();
      }
      throw new IllegalStateException(
          "cannot start the Kafka event sink (kafkaBootstrapServers): " + root.getMessage(), e);
    }
    KafkaEventSink sink = new KafkaEventSink(config, producer);
    sink.sender.start();
    log.info(
        "query-analytics events go to Kafka topic {} at {}",
        config.topic(),
        String.join(",", config.bootstrapServers()));
    return sink;
  }

  /** A slow statement or long transaction ({@code datasource} is the key). */
  @Override
  public void emit(Map<String, Object> event) {
    Object ds = event.get("datasource");
    enqueue(ds == null ? "" : ds.toString(), event);
  }

  /** A statement record, unless {@code kafkaStatementRecords} is off. */
  @Override
  public void emit(StatementInterval record) {
    if (!config.statementRecords()) {
      return;
    }
    if (engines.size() < MAX_KNOWN_DATASOURCES) {
      engines.putIfAbsent(record.datasource(), record.engine());
    }
    enqueue(record.datasource(), record.toMap());
  }

  private void enqueue(String key, Map<String, Object> body) {
    if (!running) {
      stats.dropped();
      return;
    }
    if (queue.offer(new Pending(key, body))) {
      stats.dropped();
    }
  }

  /** dbscope_events_* and dbscope_event_* with {@code sink="kafka"}. */
  public void samples(SampleBatch out) {
    stats.export(out);
  }

  long sent() {
    return stats.sentCount();
  }

  long dropped() {
    return stats.droppedCount();
  }

  long failed() {
    return stats.failedCount();
  }

  int queued() {
    return queue.size();
  }

  private void run() {
    while (running) {
      Pending p;
      try {
        if (!unacknowledged.tryAcquire(200, TimeUnit.MILLISECONDS)) {
          continue;
        }
        p = queue.poll(200, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      if (p == null) {
        unacknowledged.release();
      } else {
        send(p);
      }
    }
  }

  private void send(Pending p) {
    byte[] value;
    try {
      value = json.writeValueAsBytes(decorate(p));
    } catch (JsonProcessingException e) {
      unacknowledged.release();
      stats.failed();
      log.warn("query-analytics record not sent to Kafka: {}", e.getOriginalMessage());
      return;
    }
    long start = System.nanoTime();
    refused = null;
    try {
      producer.send(
          new ProducerRecord<>(config.topic(), p.key(), value),
          (metadata, error) -> done(start, error));
    } catch (RuntimeException e) {
      unacknowledged.release();
      refused = e;
    }
    Exception e = refused;
    if (e instanceof RetriableException) {
      // max.block.ms passed without metadata (broker down, topic being created) or buffer space:
      // the record goes back to the head of the queue, where newer records push it out if the
      // wait is long, and the sender pauses before trying again.
      if (queue.putBack(p)) {
        stats.dropped();
      }
      failing(e);
      pause();
    } else if (e != null) {
      // Refused for good (too large, producer closing): the record is lost.
      stats.failed();
      failing(e);
    }
  }

  /**
   * The producer's callback: on its I/O thread once the broker answered or the delivery timeout
   * passed, or at once on the sender thread when {@code send()} did not accept the record (which
   * {@link #send} then handles).
   */
  private void done(long start, Exception error) {
    unacknowledged.release();
    if (error == null) {
      stats.sent(System.nanoTime() - start);
      recovered();
    } else if (Thread.currentThread() == sender) {
      refused = error;
    } else {
      stats.failed();
      failing(error);
    }
  }

  private void pause() {
    try {
      Thread.sleep(RETRY_PAUSE);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
    }
  }

  private Map<String, Object> decorate(Pending p) {
    Map<String, Object> m = new LinkedHashMap<>(p.body());
    if (!config.environment().isEmpty()) {
      m.put("env", config.environment());
    }
    Object engine = m.getOrDefault("engine", engines.get(p.key()));
    m.put("tags", "postgres".equals(engine) ? List.of("dbscope", "pgsql") : List.of("dbscope"));
    return m;
  }

  private void failing(Exception e) {
    if (running && !failing) {
      failing = true;
      log.warn(
          "cannot send query-analytics records to Kafka ({}); they wait in the queue (the oldest"
              + " dropped when full) or count as failed: {}",
          String.join(",", config.bootstrapServers()),
          e.getMessage());
    }
  }

  private void recovered() {
    if (failing) {
      failing = false;
      log.info("query-analytics records reach Kafka again");
    }
  }

  /** Stops taking records, sends what the producer holds for up to two seconds, and closes. */
  @Override
  public void close() {
    running = false;
    sender.interrupt();
    try {
      sender.join(Duration.ofSeconds(2));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    producer.close(Duration.ofSeconds(2));
  }
}
