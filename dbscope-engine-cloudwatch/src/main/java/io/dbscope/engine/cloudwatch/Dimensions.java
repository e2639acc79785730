package io.dbscope.engine.cloudwatch;

import java.util.List;

/** The identifier dimensions the engine reads, as the seed's JSON and CloudWatch name them. */
final class Dimensions {
  static final String DB_INSTANCE = "DBInstanceIdentifier";
  static final String DB_CLUSTER = "DBClusterIdentifier";
  static final String CACHE_CLUSTER = "CacheClusterId";
  static final List<String> ALL = List.of(DB_INSTANCE, DB_CLUSTER, CACHE_CLUSTER);

  private Dimensions() {}
}
