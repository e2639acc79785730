package io.dbscope.core.custom;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbscope.core.config.DatasourceConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Labels of custom metrics named {@code instance} or {@code job} load with a warning, as the
 * datasource's own labels do; names starting with {@code __} belong to Prometheus and are refused
 * in every place a custom definition can name a label.
 */
class LabelWarningsTest {
  @TempDir Path dir;

  private final CustomFiles files = new CustomFiles(new CustomMetricsLoader(false));

  @Test
  void customLabelsNamedInstanceOrJobGiveAWarningNamingFileAndMetric() throws IOException {
    Path toml =
        write(
            "m.toml",
            """
            [[metric]]
            context = "queue"
            labels = ["job", "queue"]
            request = "SELECT 'a' AS job, 'b' AS queue, 1 AS depth"
            metricsdesc = { depth = "Depth." }
            """);
    Path yaml =
        write(
            "k.yaml",
            """
            - id: custom:settings
              help: Settings.
              query: SELECT name, setting FROM pg_settings
              keyValue:
                key: name
                value: setting
                exportUnmatched: false
                rules:
                  - {match: max_connections, name: app_max_conn, help: Max., labels: {instance: x}}
            """);

    CustomSet set = files.resolve(ds(toml, yaml), TestEngine.postgres());

    assertThat(set.files()).allSatisfy(f -> assertThat(f.loaded()).isTrue());
    assertThat(LabelWarnings.warnings(List.of(set, set)))
        .containsExactly(
            toml
                + ":1: metric custom:queue: label 'job' is a label Prometheus sets on every"
                + " target: it renames this one to exported_job (with honor_labels: true it"
                + " replaces the target's own); choose another name",
            yaml
                + ":1: metric custom:settings: label 'instance' is a label Prometheus sets on"
                + " every target: it renames this one to exported_instance (with honor_labels:"
                + " true it replaces the target's own); choose another name");
  }

  @Test
  void reservedLabelNamesAreRefusedInKeyValueRulesAndLabelColumns() throws IOException {
    Path yaml =
        write(
            "k.yaml",
            """
            - id: custom:settings
              help: Settings.
              query: SELECT name, setting, unit AS __unit FROM pg_settings
              keyValue:
                key: name
                value: setting
                labels: [__unit]
                exportUnmatched: false
                rules:
                  - {match: max_connections, name: app_max_conn, help: Max., labels: {__name__: x}}
            """);

    CustomSet set = files.resolve(ds(yaml), TestEngine.postgres());

    assertThat(set.metrics()).isEmpty();
    assertThat(set.files().getFirst().refused())
        .extracting(RefusedMetric::name)
        .containsExactly("custom:settings");
    assertThat(set.files().getFirst().problems().stream().map(Problem::toString))
        .anySatisfy(p -> assertThat(p).contains("'__unit'").contains("not a valid label name"))
        .anySatisfy(p -> assertThat(p).contains("'__name__'").contains("not a valid label name"));
  }

  private Path write(String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text);
  }

  private static DatasourceConfig ds(Path... files) {
    return DatasourceConfig.builder("a", "postgres").customMetricsFiles(List.of(files)).build();
  }
}
