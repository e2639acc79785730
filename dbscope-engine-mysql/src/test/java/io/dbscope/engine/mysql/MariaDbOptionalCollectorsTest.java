package io.dbscope.engine.mysql;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbscope.core.config.DatasourceBuilder;
import io.dbscope.core.definition.Definition;
import io.dbscope.testkit.ExpositionText;
import io.dbscope.testkit.MariaDbFixture;
import io.dbscope.testkit.contract.DefinitionsContract;
import io.dbscope.testkit.contract.EngineUnderTest;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * {@link DefinitionsContract} on MariaDB with {@code optionalCollectors = "all"}: mysqld_exporter's
 * optional collectors next to the default ones, with the server features they read turned on
 * (userstat, performance_schema) and something for each to find (a pt-heartbeat table, an
 * auto_increment column, a second session). Each family the exporter serves from them here
 * (recorded from the real 0.17.2 binary in {@code mysqld-exporter-0.17.2-optional.txt}) is served
 * with its type and label names.
 */
class MariaDbOptionalCollectorsTest extends DefinitionsContract {
  private record Family(String type, Set<String> labels) {}

  @Override
  protected EngineUnderTest start() {
    return new MariaDbUnderTest(MariaDbFixture.builder().option("userstat", "ON").start());
  }

  @Override
  protected DatasourceBuilder datasource(EngineUnderTest db) {
    return db.datasource().optionalCollectors(List.of("all"));
  }

  @Override
  protected AutoCloseable load(EngineUnderTest db) throws Exception {
    Connection session = ((MariaDbUnderTest) db).connect();
    try (Statement st = session.createStatement()) {
      st.execute("CREATE DATABASE heartbeat");
      st.execute(
          "CREATE TABLE heartbeat.heartbeat (ts varchar(26) NOT NULL,"
              + " server_id int unsigned NOT NULL PRIMARY KEY)");
      st.execute(
          "INSERT INTO heartbeat.heartbeat"
              + " VALUES (DATE_FORMAT(NOW(6), '%Y-%m-%dT%H:%i:%s.%f'), @@server_id)");
      st.execute("CREATE DATABASE shop");
      // Statements with a default schema: performance_schema's digests of no schema are left out.
      st.execute("USE shop");
      st.execute("CREATE TABLE shop.orders (id int AUTO_INCREMENT PRIMARY KEY, note text)");
      for (int i = 0; i < 20; i++) {
        st.execute("INSERT INTO shop.orders (note) VALUES ('n" + i + "')");
      }
      st.execute("SELECT COUNT(*) FROM shop.orders WHERE note LIKE 'n1%'");
      st.execute("UPDATE shop.orders SET note = 'x' WHERE id = 3");
    }
    // Stays open through the collection: a second session for the processlist.
    return session;
  }

  @Test
  void everyFamilyOfTheExporterIsServedWithItsTypeAndLabels() throws IOException {
    ExpositionText text = collected().text();
    Map<String, Family> expected = exporterFamilies();
    assertThat(expected).hasSizeGreaterThan(150);
    List<String> problems = new ArrayList<>();
    for (var e : expected.entrySet()) {
      String name = e.getKey();
      Family want = e.getValue();
      var type = text.type(name);
      if (type.isEmpty()) {
        problems.add(name + ": not served");
        continue;
      }
      if (!type.get().equals(want.type())) {
        problems.add(name + ": type " + type.get() + ", the exporter's " + want.type());
      }
      if (text.help(name).filter(h -> !h.isBlank()).isEmpty()) {
        problems.add(name + ": no help");
      }
      for (ExpositionText.Sample s : text.samples(name)) {
        Set<String> labels = new TreeSet<>(s.labels().keySet());
        labels.removeAll(Set.of("datasource", "quantile"));
        if (!labels.equals(want.labels())) {
          problems.add(name + ": labels " + labels + ", the exporter's " + want.labels());
          break;
        }
      }
    }
    assertThat(problems).as("families unlike the exporter's").isEmpty();
  }

  @Test
  void theOptionalCollectorsRanAndSucceeded() {
    List<String> optional =
        collected().plan().stream().filter(d -> !d.defaultEnabled()).map(Definition::id).toList();
    assertThat(optional)
        .contains(
            "info_schema.processlist",
            "info_schema.innodb_metrics.mariadb",
            "info_schema.tables.size",
            "perf_schema.eventsstatements",
            "mysql.user.privileges",
            "heartbeat");
    for (String id : optional) {
      assertThat(collected().text().value("dbscope_collector_success", Map.of("collector", id)))
          .as("collector %s", id)
          .isEqualTo(1);
    }
  }

  @Test
  void valuesAreTheServersInTheExportersUnits() {
    ExpositionText text = collected().text();
    assertThat(
            text.value(
                "mysql_info_schema_auto_increment_column",
                Map.of("schema", "shop", "table", "orders", "column", "id")))
        .isEqualTo(21);
    assertThat(
            text.value(
                "mysql_info_schema_auto_increment_column_max",
                Map.of("schema", "shop", "table", "orders", "column", "id")))
        .isEqualTo(2147483647);
    assertThat(
            text.value(
                "mysql_info_schema_table_statistics_rows_changed_total",
                Map.of("schema", "shop", "table", "orders")))
        .isGreaterThanOrEqualTo(21);
    assertThat(text.value("mysql_mysql_select_priv", "mysql_user", "root"))
        .as("Y is 1")
        .isEqualTo(1);
    double now = System.currentTimeMillis() / 1000.0;
    for (ExpositionText.Sample s : text.samples("mysql_heartbeat_now_timestamp_seconds")) {
      assertThat(s.value()).as("seconds since the epoch").isBetween(now - 600, now + 600);
    }
    assertThat(text.samples("mysql_info_schema_processlist_processes_by_user"))
        .as("the load's session")
        .isNotEmpty();
  }

  private static Map<String, Family> exporterFamilies() throws IOException {
    Map<String, Family> out = new LinkedHashMap<>();
    try (var in =
        new BufferedReader(
            new InputStreamReader(
                MariaDbOptionalCollectorsTest.class.getResourceAsStream(
                    "/mysqld-exporter-0.17.2-optional.txt"),
                StandardCharsets.UTF_8))) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] f = line.trim().split(" ");
        Set<String> labels = new TreeSet<>();
        if (f.length > 2) {
          labels.addAll(List.of(f[2].split(",")));
        }
        out.put(f[0], new Family(f[1], labels));
      }
    }
    return out;
  }
}
