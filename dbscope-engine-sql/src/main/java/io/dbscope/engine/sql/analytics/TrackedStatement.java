package io.dbscope.engine.sql.analytics;

import io.dbscope.sql.SqlDialect;
import io.dbscope.sql.SqlFingerprint;
import io.dbscope.sql.SqlObfuscator;
import io.dbscope.sql.StatementClassifier;
import io.dbscope.sql.StatementKind;

/**
 * The tracker's state of one fingerprint. Mutable, owned by {@link StatementTracker} and read by
 * {@link TopSeries} under the same lock; never handed out (the HTTP API gets {@link
 * StatementView}s).
 */
final class TrackedStatement {
  final StatementKey key;
  final String text;
  final StatementKind kind;

  /**
   * {@link SqlFingerprint} of the full text (before the cut to {@code maxText}), the id an
   * application using dbscope-jdbc computes for the same statement; 0 when the text is unknown.
   */
  final long textFingerprint;

  final long firstSeenMillis;

  /** Values as last read; the snapshot's array, not a copy. */
  double[] last;

  /** Counter deltas of the last collection (gauge slots stay 0). */
  final double[] lastDelta;

  /** Sum of all deltas since tracking started (the first collection is the zero baseline). */
  final double[] sinceStart;

  double since;
  long lastChangedMillis;
  int generation;
  boolean exported;
  boolean removed;

  /**
   * Classifies the full text, then keeps at most {@code maxText} characters of it normalized: the
   * server's text is never stored, so nothing that reads the tracker can show a literal of it.
   */
  TrackedStatement(
      StatementKey key,
      String text,
      SqlDialect dialect,
      int maxText,
      int size,
      double since,
      long nowMillis) {
    this.key = key;
    this.kind = StatementClassifier.classify(text, dialect);
    this.text = text == null ? "" : SqlObfuscator.obfuscate(text, dialect, maxText);
    this.textFingerprint =
        text == null ? 0 : SqlFingerprint.hashOfText(SqlFingerprint.text(text, dialect));
    this.firstSeenMillis = nowMillis;
    this.lastChangedMillis = nowMillis;
    this.lastDelta = new double[size];
    this.sinceStart = new double[size];
    this.since = since;
  }

  /** A fingerprint restored from another instance's state ({@link AnalyticsState}), as it was. */
  TrackedStatement(
      StatementKey key,
      String text,
      StatementKind kind,
      long textFingerprint,
      long firstSeenMillis,
      int size) {
    this.key = key;
    this.text = text;
    this.kind = kind;
    this.textFingerprint = textFingerprint;
    this.firstSeenMillis = firstSeenMillis;
    this.lastDelta = new double[size];
    this.sinceStart = new double[size];
  }
}
