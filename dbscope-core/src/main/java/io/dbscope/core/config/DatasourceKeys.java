package io.dbscope.core.config;

import static io.dbscope.core.config.KeyFactory.DAY;
import static io.dbscope.core.config.KeyFactory.HOUR;
import static io.dbscope.core.config.KeyFactory.MONTH;
import static io.dbscope.core.config.KeyFactory.allOrList;
import static io.dbscope.core.config.KeyFactory.bool;
import static io.dbscope.core.config.KeyFactory.duration;
import static io.dbscope.core.config.KeyFactory.files;
import static io.dbscope.core.config.KeyFactory.integer;
import static io.dbscope.core.config.KeyFactory.labels;
import static io.dbscope.core.config.KeyFactory.required;
import static io.dbscope.core.config.KeyFactory.secret;
import static io.dbscope.core.config.KeyFactory.string;
import static io.dbscope.core.config.KeyFactory.strings;

import io.dbscope.core.config.ConfigKey.Scope;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * The datasource keys of {@link ConfigKeys} that are not query analytics: identity, connection,
 * pool, collectors, custom metrics and caching; in documentation order.
 */
final class DatasourceKeys {
  static final List<ConfigKey> KEYS =
      List.of(
          required(
              "name",
              "unique name: the datasource label of every sample and the target of"
                  + " /probe?target=<name>; letters, digits, '.', '_', ':' and '-'"),
          required(
              "engine",
              "the engine's id or one of its aliases (the engines of this build and their own keys"
                  + " are listed below)"),
          string(Scope.DATASOURCE, "description", "\"\"", "free text shown on the landing page"),
          bool(
              Scope.DATASOURCE,
              "enabled",
              true,
              "false keeps the datasource in the config but never connects (state Disabled)"),
          required(
              "dbHost",
              "host[:port] of the server; the port defaults to the engine's (listed below);"
                  + " IPv6 in brackets ([::1]:5432); may be left out when url is set"),
          string(
              Scope.DATASOURCE,
              "database",
              "\"\"",
              "what the engine connects to inside the server (a database name, or a db index;"
                  + " listed below); empty: the engine's default"),
          string(
              Scope.DATASOURCE,
              "url",
              "\"\"",
              "a full URL in the engine's form (listed below) for what dbHost cannot say;"
                  + " overrides dbHost and database when set; a password in it is an error or a"
                  + " warning, as the engine says"),
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
          allOrList(
              "optionalCollectors",
              "also run these collectors that are off by default (the community exporters'"
                  + " optional collectors, under their names; see docs/metrics.md), or \"all\" of"
                  + " them, like the exporters' --collect-all; a name also turns on the parts"
                  + " <name>.<part> of a collector that takes several queries; collectors and"
                  + " excludeCollectors still apply"),
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
              "registerCustomMetrics",
              true,
              "run the collectors of customMetricsFile"),
          files(
              "customMetricsFile",
              "custom metric files: a path, a glob in the file name (`custom/*.toml`) or a list"
                  + " of them; relative to the config file; each must be readable"),
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
                  + " collector fails, the rest is not read and the connection is discarded"),
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
              "cache time of alarm-relevant collectors; 0: their own ttl"));

  private DatasourceKeys() {}
}
