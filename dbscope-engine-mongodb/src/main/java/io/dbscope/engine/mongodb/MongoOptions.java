package io.dbscope.engine.mongodb;

import io.dbscope.core.config.Option;
import io.dbscope.core.config.OptionTable;
import io.dbscope.core.config.RegularFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/**
 * The keys of a MongoDB datasource beyond the shared ones: the options of the seed's DocumentDB
 * connection JSON ({@code tls}, {@code tlsCAFile}, {@code replicaSet}, {@code readPreference},
 * {@code retryWrites}, {@code authSource}). A value written in a {@code url}'s query string wins
 * over the key, as the driver reads it last.
 */
final class MongoOptions {
  private MongoOptions() {}

  static final Option<Boolean> TLS =
      Option.bool("tls", false, "connect with TLS (DocumentDB requires it)");
  static final Option<Optional<Path>> TLS_CA_FILE =
      Option.path(
          "tlsCAFile",
          "PEM file of the certificate authorities to trust for TLS (DocumentDB:"
              + " global-bundle.pem); empty: the JVM's trust store",
          MongoOptions::caFileProblems);
  static final Option<String> REPLICA_SET =
      Option.string(
          "replicaSet", "", "replica set name; empty: talk to the given host only (direct)");
  static final Option<String> READ_PREFERENCE =
      Option.choice(
          "readPreference",
          "primary",
          List.of("primary", "primarypreferred", "secondary", "secondarypreferred", "nearest"),
          "which member answers when replicaSet is set");
  static final Option<Boolean> RETRY_WRITES =
      Option.bool(
          "retryWrites",
          false,
          "the driver's retryable writes (dbscope never writes; DocumentDB refuses them)");
  static final Option<String> AUTH_SOURCE =
      Option.string("authSource", "admin", "database that holds dbUser's credentials");
  static final Option<Integer> COLLSTATS_LIMIT =
      Option.integer(
          "collStatsLimit",
          200,
          0,
          100_000,
          "collections at most that the opt-in collstats, indexstats and top collectors read"
              + " (percona's"
              + " --collector.collstats-limit); 0: none");

  static final Option<Duration> SLOW_OP_THRESHOLD =
      Option.duration(
          "slowOpThreshold",
          Duration.ofSeconds(1),
          ChronoUnit.SECONDS,
          0,
          Duration.ofDays(1),
          "an active operation running at least this long counts in the opt-in current_op"
              + " collector's mongodb_currentop_slow_* families, and is written once to the event"
              + " log");
  static final Option<Boolean> LEGACY_NAMES =
      Option.bool(
          "legacyNames",
          false,
          "also export the names of mongodb_exporter before 0.20 that older dashboards query"
              + " (mongodb_op_counters_total, mongodb_connections, mongodb_memory, ...), as percona's"
              + " --compatible-mode does, from the same serverStatus; mongodb_version_info from"
              + " buildInfo");

  static final OptionTable TABLE =
      new OptionTable(
          "MongoDB",
          "Keys of MongoDB datasources (`engine = \"mongodb\"`).",
          List.of(
              TLS,
              TLS_CA_FILE,
              REPLICA_SET,
              READ_PREFERENCE,
              RETRY_WRITES,
              AUTH_SOURCE,
              COLLSTATS_LIMIT,
              SLOW_OP_THRESHOLD,
              LEGACY_NAMES));

  private static List<String> caFileProblems(Path p) {
    if (!Files.isRegularFile(p)) {
      return List.of("no such file: " + p);
    }
    return RegularFiles.unreadable(p).stream().toList();
  }
}
