package io.dbscope.engine.cloudwatch;

import java.util.Locale;

/**
 * Metric and label names exactly as prometheus/cloudwatch_exporter makes them, so that its
 * dashboards and rules work: {@code AWS/RDS} + {@code CPUUtilization} + {@code Average} gives
 * {@code aws_rds_cpuutilization_average}, and the dimension {@code DBInstanceIdentifier} the label
 * {@code dbinstance_identifier}.
 */
final class MetricNames {
  private MetricNames() {}

  static String family(String namespace, String metric, String statistic) {
    return safe(namespace.toLowerCase(Locale.ROOT))
        + "_"
        + safe(snake(metric))
        + "_"
        + safe(snake(statistic));
  }

  static String label(String dimension) {
    return safe(snake(dimension));
  }

  /** cloudwatch_exporter's toSnakeCase: an underscore only where lower case meets upper case. */
  static String snake(String s) {
    return s.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
  }

  /** cloudwatch_exporter's safeName: other characters to underscores, runs of them collapsed. */
  static String safe(String s) {
    return s.replaceAll("[^a-zA-Z0-9:_]", "_").replaceAll("__+", "_");
  }

  static String help(String namespace, MetricSets.Metric m, String statistic) {
    return "CloudWatch metric "
        + namespace
        + " "
        + m.name()
        + " Dimensions: ["
        + m.dimension()
        + "] Statistic: "
        + statistic
        + " Unit: "
        + m.unit();
  }
}
