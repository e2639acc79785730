package io.dbscope.testkit;

import io.dbscope.core.definition.Definition;
import io.dbscope.core.engine.ResultRows;
import io.dbscope.core.engine.RowMapper;
import io.dbscope.core.metrics.SampleBatch;
import io.prometheus.metrics.model.snapshots.Labels;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The series a definition's rows map to, values left out: for comparing two ways of reading the
 * same thing (a batched statement against one query per collector), whose values may differ.
 */
public final class Series {
  private Series() {}

  /** "family type" to its label sets, as text, sorted. */
  public static Map<String, Set<String>> of(RowMapper mapper, Definition d, ResultRows rows) {
    SampleBatch out = new SampleBatch();
    mapper.map(d, rows, Labels.EMPTY, out);
    Map<String, Set<String>> m = new TreeMap<>();
    for (SampleBatch.Family f : out.families()) {
      Set<String> labelSets = new TreeSet<>();
      for (SampleBatch.Point p : f.points()) {
        labelSets.add(p.suffix() + p.labels());
      }
      m.put(f.name() + " " + f.type(), labelSets);
    }
    return m;
  }
}
