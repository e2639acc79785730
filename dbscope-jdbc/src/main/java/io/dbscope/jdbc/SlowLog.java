package io.dbscope.jdbc;

import java.time.Duration;

/**
 * Logs a statement slower than the threshold, once per fingerprint: datasource, fingerprint,
 * operation, duration and the normalized text (literals and parameters are {@code ?}; bound values
 * never reach the log). Through SLF4J when the application has it, else {@link System.Logger}.
 */
final class SlowLog {
  static final String LOGGER = "io.dbscope.jdbc.slow";
  private final String datasource;
  private final long thresholdNanos;
  private final Sink sink;

  SlowLog(String datasource, Duration threshold) {
    this(datasource, threshold, Sink.create());
  }

  SlowLog(String datasource, Duration threshold, Sink sink) {
    this.datasource = datasource;
    this.thresholdNanos = threshold.isZero() ? Long.MAX_VALUE : threshold.toNanos();
    this.sink = sink;
  }

  void check(StatementStats s, long nanos) {
    if (nanos >= thresholdNanos && s.slowLogged.compareAndSet(false, true)) {
      sink.warn(
          String.format(
              java.util.Locale.ROOT,
              "slow statement: datasource=%s fingerprint=%s operation=%s duration_ms=%.3f text=%s",
              datasource,
              s.fingerprint,
              s.operation,
              nanos / 1e6,
              s.text));
    }
  }

  /** Where the line goes. */
  interface Sink {
    void warn(String line);

    static Sink create() {
      try {
        Class.forName("org.slf4j.LoggerFactory", false, SlowLog.class.getClassLoader());
        return Slf4jSink.create();
      } catch (ClassNotFoundException | LinkageError e) {
        System.Logger log = System.getLogger(LOGGER);
        return line -> log.log(System.Logger.Level.WARNING, line);
      }
    }
  }

  /** Only loaded when SLF4J is there. */
  static final class Slf4jSink {
    private Slf4jSink() {}

    static Sink create() {
      org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(LOGGER);
      return line -> log.warn(line);
    }
  }
}
