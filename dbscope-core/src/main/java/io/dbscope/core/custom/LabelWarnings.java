package io.dbscope.core.custom;

import io.dbscope.core.config.TargetLabels;
import io.dbscope.core.definition.Column;
import io.dbscope.core.definition.Mapping;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Warnings for custom metrics whose labels Prometheus renames ({@code instance}, {@code job}, see
 * {@link TargetLabels}), one line per metric and label naming file, line and metric. {@code check}
 * prints them and {@code run} logs them; they never stop a file from loading.
 *
 * <pre>{@code
 * LabelWarnings.warnings(List.of(customSet)).forEach(log::warn);
 * }</pre>
 */
public final class LabelWarnings {
  private LabelWarnings() {}

  /** The warnings of every metric of {@code sets}, each once (a shared file is named once). */
  public static List<String> warnings(List<CustomSet> sets) {
    Set<String> out = new LinkedHashSet<>();
    for (CustomSet set : sets) {
      for (CustomMetric m : set.metrics()) {
        for (String label : labels(m.definition().mapping())) {
          TargetLabels.clash(label)
              .ifPresent(w -> out.add(m.origin() + ": metric " + m.id() + ": " + w));
        }
      }
    }
    return List.copyOf(out);
  }

  private static List<String> labels(Mapping mapping) {
    List<String> names = new ArrayList<>();
    switch (mapping) {
      case Mapping.Columns c -> {
        for (Column col : c.columns()) {
          if (col.usage() == Column.Usage.LABEL) {
            names.add(col.labelName().orElse(col.column()));
          }
        }
      }
      case Mapping.KeyValue kv -> {
        names.addAll(kv.labelColumns());
        kv.rules().forEach(r -> names.addAll(r.labels().keySet()));
      }
    }
    return names;
  }
}
