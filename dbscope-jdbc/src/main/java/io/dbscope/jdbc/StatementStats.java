package io.dbscope.jdbc;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of one statement fingerprint in the application: calls, time, errors, rows. Lock-free
 * ({@link LongAdder}), since many threads run the same statement at once.
 */
final class StatementStats {
  final String fingerprint;
  final String text;
  final String operation;
  final LongAdder calls = new LongAdder();
  final LongAdder nanos = new LongAdder();
  final LongAdder errors = new LongAdder();
  final LongAdder rows = new LongAdder();
  final AtomicBoolean slowLogged = new AtomicBoolean();
  volatile long maxNanos;

  StatementStats(String fingerprint, String text, String operation) {
    this.fingerprint = fingerprint;
    this.text = text;
    this.operation = operation;
  }

  void record(long nanos, boolean error) {
    calls.increment();
    this.nanos.add(nanos);
    if (error) {
      errors.increment();
    }
    if (nanos > maxNanos) {
      // A racy maximum: a lost update only under-reports a near-equal maximum.
      maxNanos = nanos;
    }
  }

  /**
   * A batch of {@code size} executions that took {@code nanos} together; its maximum is not a
   * single execution's, so the maximum is left alone.
   */
  void recordBatch(int size, long nanos, int failed) {
    calls.add(size);
    this.nanos.add(nanos);
    if (failed > 0) {
      errors.add(failed);
    }
  }
}
