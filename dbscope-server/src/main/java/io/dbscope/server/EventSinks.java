package io.dbscope.server;

import io.dbscope.core.config.DbscopeConfig.GlobalConfig;
import io.dbscope.core.events.EventSink;
import io.dbscope.core.metrics.SampleBatch;
import io.dbscope.engine.sql.analytics.StatementRecordSink;
import io.dbscope.sink.kafka.KafkaEventSink;
import java.util.Optional;

/**
 * Where query analytics send what they find, as the config says: events to the event log ({@code
 * eventLog}) and, when {@code kafkaBootstrapServers} is set, events and per-fingerprint statement
 * records to Kafka too. Lives as long as the process ({@link Platform} closes it); a change of
 * these keys takes effect at the next restart.
 *
 * @param events slow statements and long transactions
 * @param statements statement records ({@link StatementRecordSink#DISCARD} without Kafka)
 * @param kafka the Kafka sink, for its self-metrics and to close it
 */
public record EventSinks(
    EventSink events, StatementRecordSink statements, Optional<KafkaEventSink> kafka)
    implements AutoCloseable {

  /** Events to the event log only (checking configs, tests). */
  public static EventSinks of(EventSink events) {
    return new EventSinks(events, StatementRecordSink.DISCARD, Optional.empty());
  }

  /** Opens the sinks {@code global} names; the Kafka producer connects in the background. */
  public static EventSinks open(GlobalConfig global) {
    EventSink log = Engines.eventSink(global.eventLog());
    if (!global.kafka().enabled()) {
      return of(log);
    }
    KafkaEventSink kafka = KafkaEventSink.start(global.kafka());
    // Without statement records, the analytics need not build them at all.
    StatementRecordSink statements =
        global.kafka().statementRecords() ? kafka : StatementRecordSink.DISCARD;
    return new EventSinks(log.and(kafka), statements, Optional.of(kafka));
  }

  /** The same sinks, with every event also handed to {@code more} (the console's recent events). */
  public EventSinks with(EventSink more) {
    return new EventSinks(events.and(more), statements, kafka);
  }

  /** The sinks' self-metrics (none without Kafka). */
  public void samples(SampleBatch out) {
    kafka.ifPresent(k -> k.samples(out));
  }

  @Override
  public void close() {
    kafka.ifPresent(KafkaEventSink::close);
  }
}
