package io.dbscope.core.config;

import io.dbscope.core.config.ConfigKey.Scope;
import io.dbscope.core.config.ConfigKey.Type;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/**
 * The one table of config keys: name, scope, type, default, range and a one-line meaning. The
 * loader rejects any key not listed here; {@code docs/configuration.md} is generated from it
 * ({@link ConfigDocs}); tests check that the sample configs list every key with this default and
 * that datasource defaults equal {@link DatasourceConfig.Builder}'s.
 *
 * <p>Keys that later features use are accepted and validated now, and say so in {@link
 * ConfigKey#usedFrom()}, so that a config written today keeps working when the feature lands.
 */
public final class ConfigKeys {
  private static final long NO_MAX = Long.MAX_VALUE;

  // Upper bounds of durations: far above any sensible value and below what the code using them
  // can take (JDBC timeouts are int seconds or milliseconds, deadlines are added to nanoTime()).
  private static final Duration HOUR = Duration.ofHours(1);
  private static final Duration DAY = Duration.ofDays(1);
  private static final Duration WEEK = Duration.ofDays(7);
  private static final Duration MONTH = Duration.ofDays(30);

  private static final List<ConfigKey> ALL =
      List.of(
          // ---- global ----
          string(
              Scope.GLOBAL,
              "listenAddress",
              "\":9630\"",
              "host:port the HTTP server listens on; an empty host means every interface,"
                  + " IPv6 in brackets ([::1]:9630). 9630 is dbscope's own port"),
          string(
              Scope.GLOBAL,
              "metricPath",
              "\"/metrics\"",
              "path of the all-datasources metrics endpoint"),
          string(
              Scope.GLOBAL,
              "version",
              "\"\"",
              "free text naming the config's version; informational, not used"),
          choice(
              Scope.GLOBAL,
              "logLevel",
              "info",
              List.of("trace", "debug", "info", "warn", "error"),
              "least severe level logged"),
          string(
              Scope.GLOBAL,
              "logFile",
              "\"\"",
              "log to this file (with size-based rotation) instead of the console; empty: console"),
          choice(
              Scope.GLOBAL,
              "logFormat",
              "text",
              List.of("text", "json"),
              "log line format; json writes one object per line with a datasource field"),
          integer(
              Scope.GLOBAL,
              "logMaxSize",
              10,
              1,
              10_240,
              "rotate logFile when it reaches this many megabytes"),
          integer(Scope.GLOBAL, "logMaxBackups", 3, 1, 20, "rotated log files kept"),
          integer(
                  Scope.GLOBAL,
                  "logMaxAge",
                  30,
                  0,
                  36_500,
                  "days a rotated log file is kept; 0: no age limit")
              .withUsedFrom("age-based log cleanup (today only logMaxBackups limits the files)"),
          bool(
              Scope.GLOBAL,
              "encodeConfigPwd",
              true,
              "seed compatibility: passwords may be written as ENC(base64) whatever this says;"
                  + " dbscope never rewrites the config file (use dbscope encode-password)"),
          bool(
              Scope.GLOBAL,
              "enableBasicAuth",
              false,
              "require HTTP basic auth on every endpoint except /-/healthy"),
          string(
              Scope.GLOBAL,
              "basicAuthUsername",
              "\"\"",
              "basic auth user; required when enableBasicAuth = true"),
          secret(
              Scope.GLOBAL,
              "basicAuthPassword",
              "basic auth password: a bcrypt hash ($2a$/$2b$/$2y$), ENC(base64), ${ENV_VAR} or"
                  + " plain text (warned); required when enableBasicAuth = true"),
          choice(
              Scope.GLOBAL,
              "collectStrategy",
              "hybrid",
              List.of("serial", "concurrent", "hybrid"),
              "how a scrape walks the datasources: one after the other, all at once, or priority"
                  + " groups in order with the datasources of a group at once"),
          integer(
              Scope.GLOBAL,
              "maxConcurrentGroups",
              3,
              1,
              64,
              "hybrid strategy: priority groups collected at the same time"),
          duration(
              Scope.GLOBAL,
              "groupTimeout",
              "60",
              ChronoUnit.SECONDS,
              1,
              HOUR,
              "hybrid strategy: time limit of one priority group"),
          duration(
              Scope.GLOBAL,
              "scrapeTimeout",
              "10",
              ChronoUnit.SECONDS,
              1,
              HOUR,
              "deadline of a scrape that sends no X-Prometheus-Scrape-Timeout-Seconds header"),
          number(
              Scope.GLOBAL,
              "scrapeTimeoutFactor",
              "0.8",
              "the deadline is Prometheus' scrape timeout times this, leaving time to send the"
                  + " answer; more than 0, at most 1"),
          duration(
              Scope.GLOBAL,
              "maxScrapeTimeout",
              "60",
              ChronoUnit.SECONDS,
              1,
              HOUR,
              "upper bound of the deadline whatever the scraper asks; at least scrapeTimeout"),
          bool(
                  Scope.GLOBAL,
                  "allowUncheckedQueries",
                  false,
                  "let custom metric queries run even when they are not provably read-only")
              ,
          strings(
              Scope.GLOBAL,
              "allowedFunctions",
              "functions custom metric queries may call besides the built-in read-only lists,"
                  + " written as in a query: name, schema.name or \"QuotedName\" (see"
                  + " docs/custom-metrics.md)"),
          string(
              Scope.GLOBAL,
              "eventLog",
              "\"stdout\"",
              "where slow-statement and long-transaction events go, as JSON lines: stdout, off, or a"
                  + " file path (relative to the config file), appended to"),
          // ---- datasource ----
          required(
              "name",
              "unique name: the datasource label of every sample and the target of"
                  + " /probe?target=<name>; letters, digits, '.', '_', ':' and '-'"),
          required(
              "engine",
              "postgres (or postgresql, pg), mysql (or mariadb) or redis; more engines come later"),
          string(Scope.DATASOURCE, "description", "\"\"", "free text shown on the landing page"),
          bool(
              Scope.DATASOURCE,
              "enabled",
              true,
              "false keeps the datasource in the config but never connects (state Disabled)"),
          required(
              "dbHost",
              "host[:port] of the server; the port defaults to the engine's (5432, 3306, 6379);"
                  + " IPv6 in brackets ([::1]:5432); may be left out when url is set"),
          string(
              Scope.DATASOURCE,
              "database",
              "\"\"",
              "database to connect to (PostgreSQL, MySQL) or db index (Redis); empty: the"
                  + " engine's default"),
          string(
              Scope.DATASOURCE,
              "url",
              "\"\"",
              "a full JDBC or redis:// URL for what dbHost cannot say; overrides dbHost and"
                  + " database when set; a password in a JDBC URL is an error, in a redis:// URL a"
                  + " warning"),
          string(Scope.DATASOURCE, "dbUser", "\"\"", "login user; empty: the driver's default"),
          secret(
              Scope.DATASOURCE,
              "dbPwd",
              "password: ${ENV_VAR}, ENC(base64) or plain text (warned)"),
          string(
              Scope.DATASOURCE,
              "dbPwdFile",
              "\"\"",
              "read the password from this file (trailing newline removed); relative to the"
                  + " config file; not together with dbPwd"),
          duration(
              Scope.DATASOURCE,
              "connectTimeout",
              "5",
              ChronoUnit.SECONDS,
              1,
              HOUR,
              "time to open a connection or borrow one from the pool"),
          duration(
              Scope.DATASOURCE,
              "queryTimeout",
              "10",
              ChronoUnit.SECONDS,
              1,
              HOUR,
              "upper bound of one collector query (the scrape deadline may shorten it)"),
          integer(Scope.DATASOURCE, "maxOpenConns", 3, 1, 100, "connections the pool may hold"),
          integer(
              Scope.DATASOURCE,
              "maxIdleConns",
              1,
              0,
              100,
              "connections kept open between scrapes; at most maxOpenConns"),
          duration(
              Scope.DATASOURCE,
              "connMaxLifetime",
              "30",
              ChronoUnit.MINUTES,
              0,
              MONTH,
              "a pooled connection is replaced after this long; 0 or at least 30s"),
          duration(
              Scope.DATASOURCE,
              "healthCheckInterval",
              "30",
              ChronoUnit.SECONDS,
              1,
              DAY,
              "how often the datasource is pinged for its Healthy/Unhealthy state"),
          integer(
              Scope.DATASOURCE,
              "priority",
              2,
              1,
              3,
              "1 (high), 2 (medium) or 3 (low): collected in this order"),
          labels(
              "labels",
              "extra labels on every sample of this datasource, \"k=v,k=v\"; names must be valid"
                  + " Prometheus label names and not `datasource`, `collector`, `state`, `le`,"
                  + " `quantile` or `__*`; `instance` and `job` are warned about (Prometheus"
                  + " renames them)"),
          strings(
              "collectors",
              "run only these collectors (ids as in docs/metrics.md); empty: every collector"
                  + " enabled by default"),
          strings("excludeCollectors", "never run these collectors"),
          bool(
              Scope.DATASOURCE,
              "registerDatabaseMetrics",
              true,
              "collectors of the database group (the built-in ones)"),
          bool(
                  Scope.DATASOURCE,
                  "registerHostMetrics",
                  false,
                  "collectors of the host group (OS facts read through the database)")
              .withUsedFrom("host metric collectors (none is built in yet)"),
          bool(
                  Scope.DATASOURCE,
                  "registerDmhsMetrics",
                  false,
                  "DMHS replication collectors (Dameng only)")
              .withUsedFrom("the DM8 engine"),
          bool(
                  Scope.DATASOURCE,
                  "registerCustomMetrics",
                  true,
                  "run the collectors of customMetricsFile")
              ,
          files(
                  "customMetricsFile",
                  "custom metric files: a path, a glob in the file name (`custom/*.toml`) or a list"
                      + " of them; relative to the config file; each must be readable")
              ,
          integer(
              Scope.DATASOURCE,
              "customMaxValueBytes",
              1_048_576,
              1024,
              1_073_741_824,
              "bytes one value of a custom query's result may have (text as UTF-8); a larger"
                  + " value fails the collector, and the connection it was read on is discarded"),
          integer(
              Scope.DATASOURCE,
              "customMaxResultBytes",
              16_777_216,
              1024,
              1_073_741_824,
              "bytes all values of a custom query's result may have together; past it the"
                  + " collector fails, the rest is not read and the connection is discarded."
                  + " PostgreSQL: also pgjdbc's maxResultBuffer (at least 64 MiB), which bounds"
                  + " what any statement reads at once"),
          duration(
              Scope.DATASOURCE,
              "bigKeyDataCacheTime",
              "0",
              ChronoUnit.SECONDS,
              0,
              DAY,
              "cache time of big, slow collectors (sizes); 0: their own ttl"),
          duration(
              Scope.DATASOURCE,
              "alarmKeyCacheTime",
              "0",
              ChronoUnit.SECONDS,
              0,
              DAY,
              "cache time of alarm-relevant collectors; 0: their own ttl"),
          bool(Scope.DATASOURCE, "checkSlowSQL", false, "report slow statements (query analytics)"),
          duration(
              Scope.DATASOURCE,
              "slowSqlTime",
              "10000",
              ChronoUnit.MILLIS,
              1,
              WEEK,
              "a statement running longer than this is slow"),
          integer(
              Scope.DATASOURCE,
              "slowSqlMaxRows",
              10,
              1,
              1000,
              "slow statements (and long transactions) reported as events per scrape"),
          duration(
              Scope.DATASOURCE,
              "longTransactionTime",
              "60",
              ChronoUnit.SECONDS,
              1,
              WEEK,
              "a transaction open longer than this is long (query analytics)"),
          integer(
              Scope.DATASOURCE,
              "statementTopN",
              20,
              1,
              1000,
              "statement fingerprints exported by delta time, plus as many by delta calls"),
          duration(
              Scope.DATASOURCE,
              "statementHoldWindow",
              "600",
              ChronoUnit.SECONDS,
              0,
              WEEK,
              "a fingerprint that entered the top N stays exported this long"),
          duration(
              Scope.DATASOURCE,
              "statementEvictAfter",
              "3600",
              ChronoUnit.SECONDS,
              1,
              MONTH,
              "a fingerprint whose counters did not change this long is forgotten"),
          integer(
              Scope.DATASOURCE,
              "statementMaxTracked",
              5000,
              1,
              1_000_000,
              "fingerprints tracked per datasource; the least recently active are evicted above it"),
          duration(
              Scope.DATASOURCE,
              "statementInterval",
              "30",
              ChronoUnit.SECONDS,
              1,
              DAY,
              "statement statistics are read at most this often"),
          integer(
              Scope.DATASOURCE,
              "statementTextLength",
              200,
              0,
              100_000,
              "characters of normalized statement text kept (API and events)"),
          choice(
              Scope.DATASOURCE,
              "statementScope",
              "auto",
              List.of("auto", "cluster", "database"),
              "statements query analytics reads: cluster (the whole server), database (the"
                  + " connected one), auto (database when another datasource names the same"
                  + " server)"));

  private ConfigKeys() {}

  /** Every key, global ones first, in documentation order. */
  public static List<ConfigKey> all() {
    return ALL;
  }

  public static List<ConfigKey> of(Scope scope) {
    return ALL.stream().filter(k -> k.scope() == scope).toList();
  }

  public static Optional<ConfigKey> find(Scope scope, String name) {
    return ALL.stream().filter(k -> k.scope() == scope && k.name().equals(name)).findFirst();
  }

  /** The key, which the caller knows to exist (a typo in the loader fails every test). */
  static ConfigKey get(Scope scope, String name) {
    return find(scope, name)
        .orElseThrow(() -> new IllegalArgumentException("no " + scope + " key " + name));
  }

  private static ConfigKey key(Scope scope, String name, Type type, String def, String doc) {
    return new ConfigKey(name, scope, type, def, null, 0, NO_MAX, List.of(), doc, null);
  }

  private static ConfigKey string(Scope scope, String name, String def, String doc) {
    return key(scope, name, Type.STRING, def, doc);
  }

  private static ConfigKey secret(Scope scope, String name, String doc) {
    return key(scope, name, Type.SECRET, "\"\"", doc);
  }

  private static ConfigKey required(String name, String doc) {
    return key(Scope.DATASOURCE, name, Type.STRING, null, doc);
  }

  private static ConfigKey bool(Scope scope, String name, boolean def, String doc) {
    return key(scope, name, Type.BOOLEAN, Boolean.toString(def), doc);
  }

  private static ConfigKey number(Scope scope, String name, String def, String doc) {
    return key(scope, name, Type.NUMBER, def, doc);
  }

  private static ConfigKey labels(String name, String doc) {
    return key(Scope.DATASOURCE, name, Type.LABELS, "\"\"", doc);
  }

  private static ConfigKey strings(String name, String doc) {
    return strings(Scope.DATASOURCE, name, doc);
  }

  private static ConfigKey strings(Scope scope, String name, String doc) {
    return key(scope, name, Type.STRINGS, "[]", doc);
  }

  private static ConfigKey files(String name, String doc) {
    return key(Scope.DATASOURCE, name, Type.FILES, "[]", doc);
  }

  private static ConfigKey integer(
      Scope scope, String name, long def, long min, long max, String doc) {
    return new ConfigKey(
        name, scope, Type.INTEGER, Long.toString(def), null, min, max, List.of(), doc, null);
  }

  private static ConfigKey choice(
      Scope scope, String name, String def, List<String> choices, String doc) {
    return new ConfigKey(
        name, scope, Type.CHOICE, "\"" + def + "\"", null, 0, NO_MAX, choices, doc, null);
  }

  /**
   * @param minMillis 0 when zero is allowed, 1 when the duration must be positive
   * @param max the longest value the code using the key can honour
   */
  private static ConfigKey duration(
      Scope scope,
      String name,
      String def,
      ChronoUnit unit,
      long minMillis,
      Duration max,
      String doc) {
    return new ConfigKey(
        name, scope, Type.DURATION, def, unit, minMillis, max.toMillis(), List.of(), doc, null);
  }
}
