package io.dbscope.engine.cloudwatch;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The ready metric sets ({@code rds}, {@code docdb}, {@code elasticache}): data in {@code
 * src/main/resources/cloudwatch/*.yaml}, listed by {@code index.txt}, read once when the engine is
 * built so that a broken file stops dbscope at start-up. A set names a namespace and, per metric,
 * the one dimension it is read by and its statistics.
 */
public final class MetricSets {
  /** One CloudWatch metric of a set. */
  public record Metric(String name, String dimension, List<String> statistics, String unit) {
    public Metric {
      statistics = List.copyOf(statistics);
    }
  }

  /** A set: its name in {@code metricSets}, its namespace and metrics. */
  public record MetricSet(String set, String namespace, List<Metric> metrics) {
    public MetricSet {
      metrics = List.copyOf(metrics);
    }
  }

  private final Map<String, MetricSet> sets;

  private MetricSets(Map<String, MetricSet> sets) {
    this.sets = sets;
  }

  /** The sets shipped in this module. */
  public static MetricSets builtin() {
    ObjectMapper yaml =
        new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    Map<String, MetricSet> sets = new LinkedHashMap<>();
    for (String file : read("index.txt").lines().map(String::strip).toList()) {
      if (file.isEmpty()) {
        continue;
      }
      try {
        MetricSet s = yaml.readValue(read(file), MetricSet.class);
        check(file, s);
        if (sets.put(s.set(), s) != null) {
          throw new IllegalStateException("cloudwatch/" + file + ": set " + s.set() + " twice");
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cloudwatch/" + file + ": " + e.getMessage(), e);
      }
    }
    return new MetricSets(Map.copyOf(sets));
  }

  private static void check(String file, MetricSet s) {
    if (s.set() == null || s.namespace() == null || s.metrics().isEmpty()) {
      throw new IllegalStateException("cloudwatch/" + file + ": set, namespace, metrics required");
    }
    for (Metric m : s.metrics()) {
      if (m.statistics().isEmpty() || !Dimensions.ALL.contains(m.dimension())) {
        throw new IllegalStateException(
            "cloudwatch/" + file + ": " + m.name() + ": needs statistics and a known dimension");
      }
      m.statistics().forEach(st -> Statistics.problem(st).ifPresent(IllegalStateException::new));
    }
  }

  private static String read(String name) {
    try (InputStream in = MetricSets.class.getResourceAsStream("/cloudwatch/" + name)) {
      if (in == null) {
        throw new IllegalStateException("missing resource cloudwatch/" + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Optional<MetricSet> get(String name) {
    return Optional.ofNullable(sets.get(name));
  }

  public List<String> names() {
    return sets.keySet().stream().sorted().toList();
  }
}
