package io.dbscope.core.config;

import static io.dbscope.core.config.KeyFactory.HOUR;
import static io.dbscope.core.config.KeyFactory.bool;
import static io.dbscope.core.config.KeyFactory.choice;
import static io.dbscope.core.config.KeyFactory.duration;
import static io.dbscope.core.config.KeyFactory.integer;
import static io.dbscope.core.config.KeyFactory.number;
import static io.dbscope.core.config.KeyFactory.secret;
import static io.dbscope.core.config.KeyFactory.string;

import io.dbscope.core.config.ConfigKey.Scope;
import java.time.temporal.ChronoUnit;
import java.util.List;

/** The global keys of {@link ConfigKeys}, in documentation order. */
final class GlobalKeys {
  static final List<ConfigKey> KEYS =
      List.of(
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
          integer(
              Scope.GLOBAL,
              "maxConcurrentCollections",
              128, // Scraper.Plan.DEFAULT_CONCURRENT_COLLECTIONS
              1,
              100_000,
              "concurrent and hybrid strategies: datasources collected at the same time; one that"
                  + " takes longer than a second no longer counts"),
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
              "let custom metric queries run even when they are not provably read-only"),
          string(
              Scope.GLOBAL,
              "eventLog",
              "\"stdout\"",
              "where slow-statement and long-transaction events go, as JSON lines: stdout, off, or a"
                  + " file path (relative to the config file), appended to"));

  private GlobalKeys() {}
}
