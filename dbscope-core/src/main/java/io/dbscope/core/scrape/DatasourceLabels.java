package io.dbscope.core.scrape;

import io.dbscope.core.config.DatasourceConfig;
import io.prometheus.metrics.model.snapshots.Labels;
import java.util.ArrayList;
import java.util.List;

/** The labels on every sample of a datasource: {@code datasource} and the datasource's own. */
final class DatasourceLabels {
  private DatasourceLabels() {}

  static Labels of(DatasourceConfig config) {
    List<String> names = new ArrayList<>();
    List<String> values = new ArrayList<>();
    names.add("datasource");
    values.add(config.name());
    config
        .labels()
        .forEach(
            (k, v) -> {
              names.add(k);
              values.add(v);
            });
    return Labels.of(names, values);
  }
}
