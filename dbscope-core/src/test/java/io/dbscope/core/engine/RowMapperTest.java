package io.dbscope.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbscope.core.definition.Definition;
import io.dbscope.core.definition.DefinitionLoader;
import io.dbscope.core.metrics.MetricType;
import io.dbscope.core.metrics.SampleBatch;
import io.prometheus.metrics.model.snapshots.Labels;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The mapping rules of {@link RowMapper} with literal rows and definitions written as YAML, the way
 * engines ship them; no engine and no server.
 */
class RowMapperTest {
  private static final Labels DS = Labels.of("datasource", "t");

  private static Definition def(String yaml) {
    List<Definition> defs =
        new DefinitionLoader()
            .load("test.yaml", new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)));
    assertThat(defs).hasSize(1);
    return defs.get(0);
  }

  private static ResultRows rows(List<String> columns, Object[]... rows) {
    return ResultRows.of(columns, Arrays.asList(rows));
  }

  /** Every sample as {@code name{labels} value}, in the batch's order. */
  private static Map<String, Double> samples(SampleBatch b) {
    Map<String, Double> out = new LinkedHashMap<>();
    for (SampleBatch.Family f : b.families()) {
      for (SampleBatch.Point p : f.points()) {
        StringBuilder key = new StringBuilder(f.name()).append('{');
        p.labels()
            .forEach(l -> key.append(l.getName()).append('=').append(l.getValue()).append(','));
        out.put(key.append('}').toString(), p.value());
      }
    }
    return out;
  }

  private static SampleBatch.Family family(SampleBatch b, String name) {
    return b.families().stream().filter(f -> f.name().equals(name)).findFirst().orElseThrow();
  }

  private static final String COLUMNS =
      """
      - id: db
        help: Per database.
        query: SELECT 1
        prefix: pg_db
        columns:
          datname: label
          state: {usage: label, label: st}
          size: {usage: gauge, help: Size in bytes., scale: 1024}
          xact: {usage: counter, name: pg_db_xact_total, help: Transactions.}
          mode: {usage: gauge, help: Mode., valueMap: {Primary: 1, Standby: 0}}
          ignored: discard
      """;

  @Test
  void columnsBecomeLabelsAndScaledValues() {
    SampleBatch b = new SampleBatch();
    RowMapper.Result r =
        new RowMapper()
            .map(
                def(COLUMNS),
                rows(
                    List.of("DATNAME", "state", "size", "xact", "mode", "ignored"),
                    new Object[] {"app", "on", 2, 7L, "primary", "x"},
                    new Object[] {"other", null, "1.5", "12", "STANDBY", "y"}),
                DS,
                b);

    assertThat(r.samples()).isEqualTo(6);
    assertThat(r.skipped()).isZero();
    assertThat(r.missingColumns()).isEmpty();
    assertThat(samples(b))
        .containsExactly(
            Map.entry("pg_db_size{datasource=t,datname=app,st=on,}", 2048.0),
            Map.entry("pg_db_size{datasource=t,datname=other,st=,}", 1536.0),
            Map.entry("pg_db_xact_total{datasource=t,datname=app,st=on,}", 7.0),
            Map.entry("pg_db_xact_total{datasource=t,datname=other,st=,}", 12.0),
            Map.entry("pg_db_mode{datasource=t,datname=app,st=on,}", 1.0),
            Map.entry("pg_db_mode{datasource=t,datname=other,st=,}", 0.0));
    assertThat(family(b, "pg_db_xact_total").type()).isEqualTo(MetricType.COUNTER);
    assertThat(family(b, "pg_db_size").help()).isEqualTo("Size in bytes.");
  }

  @Test
  void rowsBecomeSamplesInTheOrderOfTheirLabelsWhateverOrderTheyCameIn() {
    // A server's order (pg_stat_database's by oid: 1, 4, 5, 16384) is not the label sets' order
    // (by text: "1" < "16384" < "4" < "5"); a repeated label set keeps the place its rows came in.
    SampleBatch b = new SampleBatch();
    RowMapper.Result r =
        new RowMapper()
            .map(
                def(COLUMNS),
                rows(
                    List.of("datname", "state", "size", "xact"),
                    new Object[] {"4", "on", 1, 10},
                    new Object[] {"5", "on", 2, 20},
                    new Object[] {"16384", "off", 3, 30},
                    new Object[] {"1", "on", 4, 40},
                    new Object[] {"16384", "off", 5, 50},
                    new Object[] {"16384", "a", 6, 60}),
                DS,
                b);

    assertThat(r.samples()).isEqualTo(12);
    List<String> order = List.of("1/on", "16384/a", "16384/off", "16384/off", "4/on", "5/on");
    for (String name : List.of("pg_db_size", "pg_db_xact_total")) {
      assertThat(
              family(b, name).points().stream()
                  .map(p -> p.labels().get("datname") + "/" + p.labels().get("st")))
          .as(name)
          .containsExactlyElementsOf(order);
    }
    assertThat(family(b, "pg_db_xact_total").points().stream().map(SampleBatch.Point::value))
        .containsExactly(40.0, 60.0, 30.0, 50.0, 10.0, 20.0);
  }

  /**
   * One mapper, one definition, results whose columns change from one to the next (a server
   * upgraded, a Redis INFO section with a field more): each is mapped by where its own columns are,
   * not by the places the last result had them.
   */
  @Test
  void eachResultIsMappedByItsOwnColumnsWhenTheyChange() {
    RowMapper mapper = new RowMapper();
    Definition def = def(COLUMNS);
    List<List<String>> shapes =
        List.of(
            List.of("datname", "size", "xact"),
            List.of("datname", "size", "xact"),
            List.of("xact", "datname", "size", "state"),
            List.of("datname", "xact"),
            List.of("datname", "size", "xact"));
    for (List<String> columns : shapes) {
      Object[] row = new Object[columns.size()];
      for (int i = 0; i < row.length; i++) {
        row[i] =
            switch (columns.get(i)) {
              case "datname" -> "app";
              case "size" -> 2;
              case "xact" -> 7L;
              default -> "on";
            };
      }
      SampleBatch b = new SampleBatch();
      RowMapper.Result r = mapper.map(def, rows(columns, row), DS, b);
      String st = columns.contains("state") ? "on" : "";
      Map<String, Double> expected = new LinkedHashMap<>();
      if (columns.contains("size")) {
        expected.put("pg_db_size{datasource=t,datname=app,st=" + st + ",}", 2048.0);
      }
      expected.put("pg_db_xact_total{datasource=t,datname=app,st=" + st + ",}", 7.0);
      assertThat(samples(b)).as("columns %s", columns).isEqualTo(expected);
      assertThat(r.missingColumns())
          .as("columns %s", columns)
          .containsExactlyElementsOf(
              java.util.stream.Stream.of("state", "size", "mode")
                  .filter(c -> !columns.contains(c))
                  .toList());
    }
  }

  @Test
  void nullTextAndMissingValuesAreSkippedNeverZero() {
    SampleBatch b = new SampleBatch();
    RowMapper.Result r =
        new RowMapper()
            .map(
                def(COLUMNS),
                rows(
                    List.of("datname", "size", "mode"),
                    new Object[] {"a", null, "neither"},
                    new Object[] {"b", "n/a", true},
                    new Object[] {"c", "", "on"}),
                DS,
                b);

    // xact is missing for every row (3), size is NULL, text or empty (3), mode is unknown once.
    assertThat(r.skipped()).isEqualTo(7);
    assertThat(r.missingColumns()).containsExactly("state", "xact");
    assertThat(samples(b))
        .containsExactly(
            Map.entry("pg_db_mode{datasource=t,datname=b,st=,}", 1.0),
            Map.entry("pg_db_mode{datasource=t,datname=c,st=,}", 1.0));
  }

  @Test
  void aRowLabelOfTheSameNameWinsOverAConstLabel() {
    SampleBatch b = new SampleBatch();
    new RowMapper()
        .map(
            def(
                """
                - id: d
                  help: D.
                  query: SELECT 1
                  columns:
                    datasource: label
                    n: {usage: gauge, help: N.}
                """),
            rows(List.of("datasource", "n"), new Object[] {"inner", 1}),
            DS,
            b);

    assertThat(samples(b)).containsOnlyKeys("n{datasource=inner,}");
  }

  private static final String STATUS =
      """
      - id: status
        help: Key-value status.
        query: SHOW STATUS
        keyValue:
          prefix: my_status
          key: variable_name
          value: value
          helpColumn: description
          unmatchedHelp: "Generic {key}: {help}"
          rules:
            - {match: "com_(.*)", name: my_commands_total, type: counter, help: Commands.,
               labels: {command: "$1"}}
            - {match: "bytes_(received|sent)", name: my_$1_bytes_total, type: counter,
               help: Bytes., scale: 2}
            - {match: "ssl_.*", drop: true}
      """;

  @Test
  void keyValueRulesNameLabelScaleAndDrop() {
    SampleBatch b = new SampleBatch();
    RowMapper.Result r =
        new RowMapper()
            .map(
                def(STATUS),
                rows(
                    List.of("Variable_name", "Value", "Description"),
                    new Object[] {"Com_select", "3", null},
                    new Object[] {"Bytes_sent", 10, null},
                    new Object[] {"Ssl_version", "TLSv1.3", null},
                    new Object[] {"Threads.Running", "OFF", "threads now"},
                    new Object[] {"Uptime", null, "seconds"}),
                DS,
                b);

    assertThat(samples(b))
        .containsExactly(
            Map.entry("my_commands_total{command=select,datasource=t,}", 3.0),
            Map.entry("my_sent_bytes_total{datasource=t,}", 20.0),
            Map.entry("my_status_threads_running{datasource=t,}", 0.0));
    assertThat(r.samples()).isEqualTo(3);
    assertThat(r.skipped()).as("Uptime is NULL; a dropped key is not a skip").isEqualTo(1);
    assertThat(family(b, "my_status_threads_running").help())
        .isEqualTo("Generic threads.running: threads now");
    assertThat(family(b, "my_status_threads_running").type()).isEqualTo(MetricType.UNTYPED);
  }

  @Test
  void aRuleMayTakeTheRowsOwnHelp() {
    SampleBatch b = new SampleBatch();
    new RowMapper()
        .map(
            def(
                """
                - id: metrics
                  help: Monitor counters.
                  query: SELECT 1
                  keyValue:
                    key: metric
                    value: value
                    helpColumn: comment
                    exportUnmatched: false
                    rules:
                      - {match: "counter:(.*)", name: m_$1_total, type: counter, help: "{help}"}
                      - {match: "gauge:(.*)", name: m_$1, type: gauge, help: "Now: {help}"}
                """),
            rows(
                List.of("metric", "value", "comment"),
                new Object[] {"counter:reads", 5, "Pages read"},
                new Object[] {"gauge:open", 2, "Files open"}),
            DS,
            b);

    assertThat(family(b, "m_reads_total").help()).isEqualTo("Pages read");
    assertThat(family(b, "m_reads_total").type()).isEqualTo(MetricType.COUNTER);
    assertThat(family(b, "m_open").help()).isEqualTo("Now: Files open");
  }

  @Test
  void keyValueGivesTheSameResultWhenTheKeysAreRemembered() {
    RowMapper mapper = new RowMapper();
    Definition d = def(STATUS);
    ResultRows rows =
        rows(
            List.of("variable_name", "value", "description"),
            new Object[] {"Com_insert", "1", null},
            new Object[] {"Bytes_received", "4", null});
    SampleBatch first = new SampleBatch();
    SampleBatch second = new SampleBatch();
    mapper.map(d, rows, DS, first);
    mapper.map(d, rows, DS, second);

    assertThat(samples(second)).isEqualTo(samples(first)).hasSize(2);
  }

  @Test
  void keyValueWithoutItsKeyColumnMapsNothingAndSaysWhy() {
    SampleBatch b = new SampleBatch();
    RowMapper.Result r =
        new RowMapper()
            .map(def(STATUS), rows(List.of("name", "val"), new Object[] {"a", 1}), DS, b);

    assertThat(b.isEmpty()).isTrue();
    assertThat(r.skipped()).isEqualTo(1);
    assertThat(r.missingColumns()).containsExactly("variable_name", "value");
  }

  @Test
  void settingUnitsConvertToSecondsAndBytesAndUnknownUnitsAreSkipped() {
    Definition d =
        def(
            """
            - id: settings
              help: Settings.
              query: SELECT name, setting, unit, vartype FROM pg_settings
              keyValue:
                prefix: pg_settings
                key: name
                value: setting
                unit: unit
                labels: [vartype]
                unmatchedType: gauge
            """);
    SampleBatch b = new SampleBatch();
    RowMapper.Result r =
        new RowMapper()
            .map(
                d,
                rows(
                    List.of("name", "setting", "unit", "vartype"),
                    new Object[] {"statement_timeout", "1500", "ms", "integer"},
                    new Object[] {"shared_buffers", "16", "8kB", "integer"},
                    new Object[] {"work_mem", "4", "MB", "integer"},
                    new Object[] {"autovacuum_naptime", "1", "min", "integer"},
                    new Object[] {"fsync", "on", null, "bool"},
                    new Object[] {"odd", "1", "parsec", "real"}),
                DS,
                b);

    assertThat(samples(b))
        .containsExactly(
            Map.entry("pg_settings_statement_timeout_seconds{datasource=t,vartype=integer,}", 1.5),
            Map.entry("pg_settings_shared_buffers_bytes{datasource=t,vartype=integer,}", 131072.0),
            Map.entry("pg_settings_work_mem_bytes{datasource=t,vartype=integer,}", 4194304.0),
            Map.entry(
                "pg_settings_autovacuum_naptime_seconds{datasource=t,vartype=integer,}", 60.0),
            Map.entry("pg_settings_fsync{datasource=t,vartype=bool,}", 1.0));
    assertThat(r.skipped()).as("the unknown unit").isEqualTo(1);
    assertThat(family(b, "pg_settings_work_mem_bytes").help())
        .isEqualTo("Value of work_mem. [Units converted to bytes.]");
    assertThat(family(b, "pg_settings_fsync").type()).isEqualTo(MetricType.GAUGE);
  }

  @Test
  void everyUnitHasItsFactor() {
    assertThat(SettingUnit.of("s")).isEqualTo(new SettingUnit(1, "_seconds"));
    assertThat(SettingUnit.of("h")).isEqualTo(new SettingUnit(3600, "_seconds"));
    assertThat(SettingUnit.of("d")).isEqualTo(new SettingUnit(86400, "_seconds"));
    assertThat(SettingUnit.of("B")).isEqualTo(new SettingUnit(1, "_bytes"));
    assertThat(SettingUnit.of("kB")).isEqualTo(new SettingUnit(1024, "_bytes"));
    assertThat(SettingUnit.of("GB").factor()).isEqualTo(1024.0 * 1024 * 1024);
    assertThat(SettingUnit.of("TB").factor()).isEqualTo(1024.0 * 1024 * 1024 * 1024);
    assertThat(SettingUnit.of("16MB")).isEqualTo(new SettingUnit(16 * 1024 * 1024, "_bytes"));
    assertThat(SettingUnit.of("")).isEqualTo(new SettingUnit(1, ""));
    assertThat(SettingUnit.of("8GB")).isNull();
  }

  @Test
  void numbersWordsAndTextAreReadAsTheServersWriteThem() {
    Map<String, Double> none = Map.of();
    assertThat(RowValues.number(new java.math.BigDecimal("2.5"), none)).isEqualTo(2.5);
    assertThat(RowValues.number(false, none)).isEqualTo(0.0);
    assertThat(RowValues.number(" -3e2 ", none)).isEqualTo(-300.0);
    assertThat(RowValues.number("YES", none)).isEqualTo(1.0);
    assertThat(RowValues.number("off", none)).isEqualTo(0.0);
    assertThat(RowValues.isNone(RowValues.number("1.2.3", none))).isTrue();
    assertThat(RowValues.isNone(RowValues.number(".", Map.of("x", 1.0)))).isTrue();
    assertThat(RowValues.number("Primary", Map.of("primary", 2.0))).isEqualTo(2.0);
    assertThat(RowMapper.sanitize("Innodb.Buffer-Pool")).isEqualTo("innodb_buffer_pool");
    assertThat(RowMapper.text(null)).isEmpty();
  }

  /** The fast path for whole numbers gives exactly what Double.parseDouble gives, sign included. */
  @Test
  void wholeNumbersReadAsParseDoubleReadsThem() {
    for (String t :
        List.of(
            "0",
            "-0",
            "007",
            "42",
            "-42",
            "123456789012345678",
            "999999999999999999",
            "1234567890123456789",
            "9007199254740993",
            "1.5",
            "1e3",
            "+5",
            "-",
            "12a")) {
      Double expected;
      try {
        expected = Double.parseDouble(t);
      } catch (NumberFormatException e) {
        expected = null;
      }
      double read = RowValues.number(t, Map.of());
      assertThat(RowValues.isNone(read)).as(t).isEqualTo(expected == null);
      if (expected != null) {
        assertThat(Double.doubleToRawLongBits(read))
            .as(t)
            .isEqualTo(Double.doubleToRawLongBits(expected));
      }
    }
  }

  /** A wide row (Redis's INFO sections as one row): columns found through a map. */
  @Test
  void aWideRowsColumnsAreFoundByNameAsInANarrowOne() {
    StringBuilder yaml =
        new StringBuilder(
            """
            - id: wide
              help: One wide row.
              query: INFO
              prefix: w
              columns:
                role: label
                absent: {usage: gauge, help: Not in the reply.}
            """);
    List<String> columns = new java.util.ArrayList<>(List.of("role"));
    List<Object> row = new java.util.ArrayList<>(List.of("primary"));
    for (int i = 0; i < 20; i++) {
      yaml.append("    c")
          .append(i)
          .append(": {usage: gauge, help: Column ")
          .append(i)
          .append(".}\n");
      columns.add("c" + i);
      row.add(i);
    }
    columns.add("c3"); // a repeated name: the first one counts, as with a narrow row
    row.add(99);
    SampleBatch b = new SampleBatch();
    RowMapper.Result r =
        new RowMapper().map(def(yaml.toString()), rows(columns, row.toArray()), DS, b);

    assertThat(r.samples()).isEqualTo(20);
    assertThat(r.missingColumns()).containsExactly("absent");
    Map<String, Double> s = samples(b);
    assertThat(s).containsEntry("w_c0{datasource=t,role=primary,}", 0.0);
    assertThat(s).containsEntry("w_c3{datasource=t,role=primary,}", 3.0);
    assertThat(s).containsEntry("w_c19{datasource=t,role=primary,}", 19.0);
  }
}
