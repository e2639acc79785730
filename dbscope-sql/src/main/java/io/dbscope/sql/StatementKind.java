package io.dbscope.sql;

import java.util.Locale;

/**
 * Whether a statement reads, writes or does something else (DDL, SET, BEGIN…): the split behind
 * {@code pg_statements_total{kind}} and {@code mysql_statements_total{kind}}, from which recording
 * rules derive read, write and total QPS.
 */
public enum StatementKind {
  READ,
  WRITE,
  OTHER;

  /** The {@code kind} label value. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
