package io.dbscope.engine.sql.analytics;

/**
 * One fingerprint's statistics as read from the server in one collection: cumulative since the
 * entry was created or reset.
 *
 * @param key the fingerprint
 * @param text the text as the server reports it (PostgreSQL keeps utility statements verbatim,
 *     passwords included; the tracker stores it only normalized), or null when it was not read this
 *     time (known fingerprints)
 * @param values the values in the {@link StatementSchema}'s field order; owned by the tracker
 *     afterwards, so the caller must not reuse the array
 * @param since when the server created the entry (PostgreSQL 17+ {@code stats_since}, MySQL {@code
 *     FIRST_SEEN}) in epoch seconds, or NaN when the server does not say
 */
public record StatementSnapshot(StatementKey key, String text, double[] values, double since) {

  public static StatementSnapshot of(StatementKey key, String text, double... values) {
    return new StatementSnapshot(key, text, values, Double.NaN);
  }
}
