package io.dbscope.core.scrape;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbscope.core.config.DatasourceConfig;
import io.dbscope.core.definition.CacheClass;
import io.dbscope.core.definition.Definition;
import io.dbscope.core.definition.Mapping;
import io.dbscope.core.definition.VersionRange;
import io.prometheus.metrics.model.snapshots.Labels;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A definition's {@code serverLabel}: one value per datasource, beside its labels. */
class ServerLabelTest {
  private static Definition definition(Optional<String> serverLabel) {
    return new Definition(
        "settings",
        "test",
        "SELECT 1",
        Duration.ZERO,
        Duration.ofSeconds(1),
        CacheClass.DEFAULT,
        VersionRange.ALL,
        Set.of(),
        "database",
        true,
        new Mapping.Columns("x", List.of()),
        "test",
        Definition.Limits.BUILTIN,
        serverLabel);
  }

  private static DatasourceConfig config(Map<String, String> labels) {
    return DatasourceConfig.builder("main", "scripted")
        .host("10.1.2.3")
        .port(5432)
        .labels(labels)
        .build();
  }

  @Test
  void theLabelCarriesHostAndPort() {
    DatasourceConfig c = config(Map.of("env", "prod"));
    Labels labels = DatasourceLabels.of(c);
    Labels with = ScrapePlan.withServer(definition(Optional.of("server")), c, labels);
    assertThat(
            with.equals(Labels.of("datasource", "main", "env", "prod", "server", "10.1.2.3:5432")))
        .as(with.toString())
        .isTrue();
  }

  @Test
  void withoutTheKeyTheLabelsStayAsTheyAre() {
    DatasourceConfig c = config(Map.of());
    Labels labels = DatasourceLabels.of(c);
    assertThat(ScrapePlan.withServer(definition(Optional.empty()), c, labels) == labels).isTrue();
  }

  @Test
  void aDatasourceLabelOfTheSameNameIsKept() {
    DatasourceConfig c = config(Map.of("server", "primary-eu"));
    Labels labels = DatasourceLabels.of(c);
    assertThat(ScrapePlan.withServer(definition(Optional.of("server")), c, labels).get("server"))
        .isEqualTo("primary-eu");
  }
}
