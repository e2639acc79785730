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
    LABEL,
    GAUGE,
    COUNTER,
    UNTYPED,
    /** A cumulative bucket count of a histogram; the row's {@code le} label is its bound. */
    HISTOGRAM_BUCKET,
    /** The sum of a histogram's observations. */
    HISTOGRAM_SUM,
    /** The number of a histogram's observations. */
    HISTOGRAM_COUNT,
    /** One quantile of a summary; the row's {@code quantile} label says which. */
    SUMMARY_QUANTILE,
    /** The sum of a summary's observations. */
    SUMMARY_SUM,
    /** The number of a summary's observations. */
    SUMMARY_COUNT,
    DISCARD;

    public Optional<MetricType> metricType() {
      return switch (this) {
        case GAUGE -> Optional.of(MetricType.GAUGE);
        case COUNTER -> Optional.of(MetricType.COUNTER);
        case UNTYPED -> Optional.of(MetricType.UNTYPED);
        case HISTOGRAM_BUCKET, HISTOGRAM_SUM, HISTOGRAM_COUNT -> Optional.of(MetricType.HISTOGRAM);
        case SUMMARY_QUANTILE, SUMMARY_SUM, SUMMARY_COUNT -> Optional.of(MetricType.SUMMARY);
        case LABEL, DISCARD -> Optional.empty();
      };
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
