package io.dbscope.core.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * The {@code [cluster]} table, validated: several dbscope instances read the same datasource list
 * and share it through Redis, each scraping only the datasources it owns. Present in {@link
 * DbscopeConfig.GlobalConfig#cluster()} only when {@code redis} or {@code sentinels} is set.
 *
 * <pre>{@code
 * [cluster]
 * redis = "redis.internal:6379"
 * redisPwd = "${REDIS_PASSWORD}"
 * advertise = "http://dbscope-1.internal:9630"
 * }</pre>
 *
 * @param redis host and port of Redis, or empty when {@code sentinels} are used
 * @param sentinels Sentinel addresses ({@code host:port}); empty for a plain Redis
 * @param password {@code redisPwd} or the content of {@code redisPwdFile}; {@code toString()} hides
 *     it
 * @param advertise this instance's base URL as Prometheus reaches it
 * @param weight relative share of the datasources, more than 0
 */
public record ClusterConfig(
    String redis,
    String redisUser,
    Secret password,
    boolean tls,
    List<String> sentinels,
    String sentinelMaster,
    String name,
    URI advertise,
    double weight,
    Duration lease,
    Duration settle,
    Duration checkpoint,
    Duration redisDownGrace) {

  public ClusterConfig {
    sentinels = List.copyOf(sentinels);
  }

  /** The Redis this config names, for messages (never with the password). */
  public String redisText() {
    return sentinels.isEmpty()
        ? redis
        : "sentinels " + String.join(",", sentinels) + " (primary " + sentinelMaster + ")";
  }
}
