package io.dbscope.core.definition;

import io.dbscope.core.metrics.MetricType;
import java.util.Map;
import java.util.Optional;

/**
 * How one result column is used.
 *
 * @param column column name as the query returns it (matched case-insensitively)
 * @param usage {@code LABEL}, a metric type, a part of a histogram or summary, or {@code DISCARD}
 * @param metricName full metric name for a value column; defaults to {@code prefix_column}
 * @param labelName label name for a label column; defaults to the column name
 * @param help help text (required for value columns)
 * @param scale factor applied to the value (for example 0.001 for milliseconds to seconds)
 * @param valueMap textual values mapped to numbers (for example {@code ON: 1})
 */
public record Column(
    String column,
    Usage usage,
    Optional<String> metricName,
    Optional<String> labelName,
    String help,
    double scale,
    Map<String, Double> valueMap) {

  public Column {
    valueMap = Map.copyOf(valueMap);
  }

  /** What a column becomes. */
  public enum Usage {
    LABEL(null),
    GAUGE(MetricType.GAUGE),
    COUNTER(MetricType.COUNTER),
    UNTYPED(MetricType.UNTYPED),
    /** A cumulative bucket count of a histogram; the row's {@code le} label is its bound. */
    HISTOGRAM_BUCKET(MetricType.HISTOGRAM),
    /** The sum of a histogram's observations. */
    HISTOGRAM_SUM(MetricType.HISTOGRAM),
    /** The number of a histogram's observations. */
    HISTOGRAM_COUNT(MetricType.HISTOGRAM),
    /** One quantile of a summary; the row's {@code quantile} label says which. */
    SUMMARY_QUANTILE(MetricType.SUMMARY),
    /** The sum of a summary's observations. */
    SUMMARY_SUM(MetricType.SUMMARY),
    /** The number of a summary's observations. */
    SUMMARY_COUNT(MetricType.SUMMARY),
    DISCARD(null);

    /**
     * Made once: asked for every value of every row, and an {@code Optional} each time was garbage.
     */
    private final Optional<MetricType> metricType;

    Usage(MetricType metricType) {
      this.metricType = Optional.ofNullable(metricType);
    }

    public Optional<MetricType> metricType() {
      return metricType;
    }

    /** What the sample's name adds to the metric name: {@code _bucket} and so on. */
    public String suffix() {
      return switch (this) {
        case HISTOGRAM_BUCKET -> "_bucket";
        case HISTOGRAM_SUM, SUMMARY_SUM -> "_sum";
        case HISTOGRAM_COUNT, SUMMARY_COUNT -> "_count";
        default -> "";
      };
    }
  }
}
