package io.dbscope.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Prometheus gives every scraped series the target labels {@code instance} and {@code job}: a
 * datasource label of the same name is renamed to {@code exported_instance} (or, with {@code
 * honor_labels: true}, replaces the target's own). Such labels load, with one warning each.
 */
class TargetLabelsConfigTest {
  private static final String BASE =
      "[[datasource]]\nname = \"a\"\nengine = \"postgres\"\ndbHost = \"db1\"\n";

  @TempDir Path dir;

  @Test
  void instanceAndJobLabelsLoadWithAWarningEach() {
    ConfigFiles files = new ConfigFiles(dir);
    Path f = files.write("c.toml", BASE + "labels = \"cluster=prod,instance=db1,job=pg\"\n");

    LoadedConfig loaded = files.load(f);

    assertThat(loaded.config().datasources().getFirst().labels())
        .containsEntry("instance", "db1")
        .containsEntry("job", "pg");
    assertThat(loaded.warnings())
        .containsExactly(
            f
                + ":5: datasource[a].labels: label 'instance' is a label Prometheus sets on every"
                + " target: it renames this one to exported_instance (with honor_labels: true it"
                + " replaces the target's own); choose another name",
            f
                + ":5: datasource[a].labels: label 'job' is a label Prometheus sets on every"
                + " target: it renames this one to exported_job (with honor_labels: true it"
                + " replaces the target's own); choose another name");
  }

  @Test
  void theYamlMapFormWarnsToo() {
    ConfigFiles files = new ConfigFiles(dir);

    LoadedConfig loaded =
        files.load(
            "c.yaml",
            "datasource:\n  - name: a\n    engine: redis\n    dbHost: c\n    labels: {job: cache}\n");

    assertThat(loaded.warnings()).singleElement().asString().contains("label 'job'");
  }
}
