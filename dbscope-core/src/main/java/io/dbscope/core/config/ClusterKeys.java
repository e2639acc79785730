package io.dbscope.core.config;

import static io.dbscope.core.config.KeyFactory.DAY;
import static io.dbscope.core.config.KeyFactory.HOUR;
import static io.dbscope.core.config.KeyFactory.bool;
import static io.dbscope.core.config.KeyFactory.duration;
import static io.dbscope.core.config.KeyFactory.number;
import static io.dbscope.core.config.KeyFactory.secret;
import static io.dbscope.core.config.KeyFactory.string;
import static io.dbscope.core.config.KeyFactory.strings;

import io.dbscope.core.config.ConfigKey.Scope;
import java.time.temporal.ChronoUnit;
import java.util.List;

/** The keys of the {@code [cluster]} table ({@link ClusterConfig}), in documentation order. */
final class ClusterKeys {
  static final List<ConfigKey> KEYS =
      List.of(
          string(
              Scope.CLUSTER,
              "redis",
              "\"\"",
              "host:port of the Redis that holds membership, leases and handed-off state; empty"
                  + " (and no sentinels): no cluster, this instance scrapes every datasource"),
          string(Scope.CLUSTER, "redisUser", "\"\"", "Redis ACL user; empty: the default user"),
          secret(
              Scope.CLUSTER,
              "redisPwd",
              "Redis password: ENC(base64), ${ENV_VAR} or plain text (warned), like dbPwd; never"
                  + " logged"),
          string(
              Scope.CLUSTER,
              "redisPwdFile",
              "\"\"",
              "file holding the Redis password (relative to the config file); instead of redisPwd"),
          bool(
              Scope.CLUSTER,
              "redisTls",
              false,
              "talk TLS to Redis (and to the sentinels), with the JVM's trust store"),
          strings(
              Scope.CLUSTER,
              "sentinels",
              "Redis Sentinel addresses (host:port); when set, the primary is asked of them and"
                  + " redis is not used"),
          string(
              Scope.CLUSTER,
              "sentinelMaster",
              "\"mymaster\"",
              "name of the monitored primary the sentinels know"),
          string(
              Scope.CLUSTER,
              "clusterName",
              "\"dbscope\"",
              "cluster name: the prefix of every Redis key, so that several clusters can share"
                  + " one Redis"),
          string(
              Scope.CLUSTER,
              "advertise",
              "\"\"",
              "this instance's URL as Prometheus reaches it (http://host:9630); required with"
                  + " redis or sentinels; /sd lists owned datasources on it"),
          number(
              Scope.CLUSTER,
              "weight",
              "1.0",
              "share of the datasources relative to the other members (weighted rendezvous"
                  + " hashing); 2.0 takes about twice as many as 1.0"),
          duration(
              Scope.CLUSTER,
              "lease",
              "15",
              ChronoUnit.SECONDS,
              1,
              HOUR,
              "membership lease, renewed every lease/3; a member silent this long is gone, and an"
                  + " instance that could not renew for this long stops scraping (self-fencing)"),
          duration(
              Scope.CLUSTER,
              "settle",
              "5",
              ChronoUnit.SECONDS,
              0,
              HOUR,
              "a membership change is applied only after it has been stable this long, so that a"
                  + " flapping member does not move datasources twice"),
          duration(
              Scope.CLUSTER,
              "checkpoint",
              "60",
              ChronoUnit.SECONDS,
              1,
              DAY,
              "how often the query-analytics state of owned datasources is saved to Redis; a"
                  + " crash loses at most this much"),
          duration(
              Scope.CLUSTER,
              "redisDownGrace",
              "120",
              ChronoUnit.SECONDS,
              0,
              DAY,
              "while Redis cannot be reached, keep the current assignment this long (no"
                  + " handoffs), then stop scraping until Redis is back"));

  private ClusterKeys() {}
}
