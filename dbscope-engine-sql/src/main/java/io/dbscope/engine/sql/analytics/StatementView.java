package io.dbscope.engine.sql.analytics;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dbscope.sql.SqlObfuscator;
import java.util.Map;

/**
 * One tracked fingerprint as the HTTP API serves it ({@code GET
 * /api/v1/datasources/{name}/statements}): immutable, JSON-serializable with Jackson. Statistic
 * maps are keyed by the engine's field names ({@code calls}, {@code total_time_seconds}, …) in a
 * stable order; times are in seconds.
 *
 * @param fingerprint queryid (PostgreSQL) or digest (MySQL)
 * @param database database or schema, empty when none
 * @param user user, or null when the engine does not group by user
 * @param kind read, write or other
 * @param text the text normalized by {@link SqlObfuscator} (literals and password values replaced
 *     by {@code ?}), cut to {@code queryTextLength}
 * @param textFingerprint {@link io.dbscope.sql.SqlFingerprint#id} of the server's full text: the
 *     same id dbscope-jdbc gives the statement in the application ({@code ?} or {@code $1}, lists,
 *     quoting and case do not matter); empty when the text is unknown
 * @param statistics the values as last read from the server (cumulative counters and gauges), plus
 *     {@code mean_time_seconds}
 * @param lastInterval counter deltas of the last collection
 * @param sinceTrackingStarted counter sums since dbscope started tracking the fingerprint (the
 *     first collection of a datasource is a zero baseline; a fingerprint created later counts from
 *     its creation)
 * @param firstSeen when dbscope started tracking it (ISO-8601)
 * @param lastChanged when its counters last changed (ISO-8601)
 * @param exported whether it has its own Prometheus series right now (else it is in {@code other})
 */
public record StatementView(
    @JsonProperty("fingerprint") String fingerprint,
    @JsonProperty("database") String database,
    @JsonProperty("user") String user,
    @JsonProperty("kind") String kind,
    @JsonProperty("text") String text,
    @JsonProperty("text_fingerprint") String textFingerprint,
    @JsonProperty("statistics") Map<String, Double> statistics,
    @JsonProperty("last_interval") Map<String, Double> lastInterval,
    @JsonProperty("since_tracking_started") Map<String, Double> sinceTrackingStarted,
    @JsonProperty("first_seen") String firstSeen,
    @JsonProperty("last_changed") String lastChanged,
    @JsonProperty("exported") boolean exported) {}
