package io.dbscope.engine.cloudwatch;

/**
 * One metric requested from CloudWatch (one {@code MetricDataQuery}: what AWS bills) and the
 * Prometheus sample it becomes.
 *
 * @param namespace such as {@code AWS/RDS}
 * @param metric such as {@code CPUUtilization}
 * @param dimension such as {@code DBInstanceIdentifier}
 * @param identifier the dimension's value, such as {@code orders-db-1}
 * @param statistic such as {@code Average}
 * @param family {@code aws_rds_cpuutilization_average}
 * @param label {@code dbinstance_identifier}
 */
record MetricQuery(
    String namespace,
    String metric,
    String dimension,
    String identifier,
    String statistic,
    String family,
    String label,
    String help) {

  /** The metric without its statistic: the statistics of one metric go in one call together. */
  String metricKey() {
    return namespace + "/" + metric + "/" + dimension + "=" + identifier;
  }
}
