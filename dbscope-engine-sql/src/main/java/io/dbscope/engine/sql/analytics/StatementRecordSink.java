package io.dbscope.engine.sql.analytics;

/**
 * Where the per-fingerprint interval records of {@link StatementAnalytics} go: one {@link
 * StatementInterval} per fingerprint that ran since the previous read. The event log does not take
 * them (a busy server has thousands a minute); a sink for a log pipeline does, such as the Kafka
 * sink of seed 004 ({@code pgsql_query_message}).
 *
 * <p>Called on the collection thread while the analytics hold their lock: implementations must
 * return at once (queue, never block on I/O), be thread-safe and never throw.
 */
@FunctionalInterface
public interface StatementRecordSink {

  /** Takes no records; {@link StatementAnalytics} then builds none. */
  StatementRecordSink DISCARD = record -> {};

  void emit(StatementInterval record);
}
