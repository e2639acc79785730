package io.dbscope.core.custom;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbscope.core.engine.ResultRows;
import io.dbscope.core.engine.RowMapper;
import io.dbscope.core.metrics.SampleBatch;
import io.prometheus.metrics.model.snapshots.Labels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the rows of a custom collector are judged and limited, with literal rows. */
class CustomResultsTest {
  @TempDir Path dir;

  private CustomMetric tables;
  private CustomMetric yaml;
  private final Labels ds = Labels.of("datasource", "db1");

  @BeforeEach
  void load() throws IOException {
    Path toml =
        Files.writeString(
            dir.resolve("m.toml"),
            """
            [[metric]]
            context = "tables"
            labels = ["schema"]
            request = "SELECT schema, rows FROM t"
            metricsdesc = { rows = "Rows." }
            maxSeries = 2
            """);
    tables = new CustomMetricsLoader(false).load(toml, TestEngine.postgres()).metrics().getFirst();
    Path y =
        Files.writeString(
            dir.resolve("m.yaml"),
            """
            - id: lenient
              help: L.
              query: SELECT schema, rows FROM t
              columns: {schema: label, rows: {usage: gauge, name: lenient_rows, help: R.}}
            """);
    yaml = new CustomMetricsLoader(false).load(y, TestEngine.postgres()).metrics().getFirst();
  }

  private static ResultRows rows(Object[]... rows) {
    return new ResultRows(List.of("SCHEMA", "ROWS"), List.of(rows));
  }

  private CustomResults.Outcome evaluate(CustomMetric m, ResultRows rows, SampleBatch out) {
    return CustomResults.evaluate(m, rows, ds, new RowMapper(), out);
  }

  @Test
  void goodRowsBecomeSamplesWithTheDatasourceLabel() {
    SampleBatch out = new SampleBatch();

    CustomResults.Outcome o =
        evaluate(tables, rows(new Object[] {"a", 3}, new Object[] {"b", "4.5"}), out);

    assertThat(o).isEqualTo(new CustomResults.Outcome(Optional.empty(), 2, 0));
    assertThat(out.families())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.name()).isEqualTo("tables_rows");
              assertThat(f.points())
                  .extracting(
                      p ->
                          p.labels().get("schema")
                              + "@"
                              + p.labels().get("datasource")
                              + "="
                              + p.value())
                  .containsExactly("a@db1=3.0", "b@db1=4.5");
            });
  }

  @Test
  void noRowsFailUnlessIgnoreZeroResult() {
    assertThat(evaluate(tables, rows(), new SampleBatch()).problem())
        .contains("the query returned no rows (set ignorezeroresult = true when that is normal)");
    assertThat(evaluate(yaml, rows(), new SampleBatch()).problem()).isEmpty();
  }

  @Test
  void nullAndTextValuesFailATomlMetricAndNameRowAndColumn() {
    SampleBatch out = new SampleBatch();

    assertThat(
            evaluate(tables, rows(new Object[] {"a", 1}, new Object[] {"b", null}), out).problem())
        .contains("row 2, column rows: NULL (use COALESCE in the query if a default is meant)");
    assertThat(evaluate(tables, rows(new Object[] {"a", "many"}), out).problem())
        .contains("row 1, column rows: 'many' is not a number");
    assertThat(out.isEmpty()).as("a failing collector adds nothing").isTrue();
  }

  @Test
  void nullValuesAreSkippedInTheYamlFormatAsForBuiltIns() {
    SampleBatch out = new SampleBatch();

    assertThat(evaluate(yaml, rows(new Object[] {"a", 1}, new Object[] {"b", null}), out))
        .isEqualTo(new CustomResults.Outcome(Optional.empty(), 1, 0));
  }

  @Test
  void duplicateLabelSetsFailTheCollector() {
    assertThat(
            evaluate(tables, rows(new Object[] {"a", 1}, new Object[] {"a", 2}), new SampleBatch())
                .problem())
        .contains(
            "two rows give metric tables_rows the same labels {datasource=\"db1\",schema=\"a\"}"
                + " (the label columns must identify a row)");
  }

  @Test
  void labelSetsBeyondMaxSeriesAreDroppedAndCounted() {
    SampleBatch out = new SampleBatch();
    List<Object[]> many = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      many.add(new Object[] {"s" + i, i});
    }

    CustomResults.Outcome o =
        evaluate(tables, new ResultRows(List.of("schema", "rows"), many), out);

    assertThat(o).isEqualTo(new CustomResults.Outcome(Optional.empty(), 2, 3));
    assertThat(out.size()).isEqualTo(2);
  }

  @Test
  void aMissingColumnFailsTheCollector() {
    ResultRows wrong =
        new ResultRows(List.of("schema", "total"), List.<Object[]>of(new Object[] {"a", 1}));

    assertThat(evaluate(tables, wrong, new SampleBatch()).problem())
        .contains("the result has no column rows");
  }
}
