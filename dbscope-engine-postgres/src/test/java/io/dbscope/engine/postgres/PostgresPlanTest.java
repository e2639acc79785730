package io.dbscope.engine.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbscope.core.config.DatasourceConfig;
import io.dbscope.core.definition.Column;
import io.dbscope.core.definition.Definition;
import io.dbscope.core.definition.Mapping;
import io.dbscope.core.definition.ServerVersion;
import io.dbscope.core.engine.ServerFacts;
import io.dbscope.core.metrics.MetricType;
import io.dbscope.core.scrape.Planner;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Which built-in definitions the core planner picks per server version: the version ranges must
 * hand every supported major exactly one source per family, so that nothing fails and nothing is
 * exported twice.
 */
class PostgresPlanTest {
  private final PostgresEngine engine = new PostgresEngine();
  private final Planner planner = new Planner();
  private final DatasourceConfig config = DatasourceConfig.builder("main", "postgres").build();
  private final DatasourceConfig everyOptional =
      DatasourceConfig.builder("main", "postgres").optionalCollectors(List.of("all")).build();

  private List<String> plan(String version, ServerFacts.Role role) {
    return plan(ServerVersion.parse(version), role);
  }

  private List<String> plan(ServerVersion version, ServerFacts.Role role) {
    ServerFacts facts =
        new ServerFacts(version.toString(), version, role, Set.of(), Optional.empty());
    return planner.plan(engine.definitions(), facts, config).stream().map(Definition::id).toList();
  }

  @Test
  void postgres13And16ReadBgwriterFromPgStatBgwriter() {
    for (String v : List.of("13.23", "16.4")) {
      assertThat(plan(v, ServerFacts.Role.PRIMARY))
          .as(v)
          .contains("pg_stat_bgwriter")
          .doesNotContain("pg_stat_bgwriter_pg17");
    }
  }

  @Test
  void postgres17AndLaterReadTheCheckpointerView() {
    for (String v : List.of("17.0", "17.6", "18.1")) {
      assertThat(plan(v, ServerFacts.Role.PRIMARY))
          .as(v)
          .contains("pg_stat_bgwriter_pg17")
          .doesNotContain("pg_stat_bgwriter");
    }
  }

  @Test
  void columnsNewerThanTheServerAreNotQueried() {
    assertThat(plan("13.23", ServerFacts.Role.PRIMARY))
        .doesNotContain("pg_stat_database_sessions", "pg_stat_database_conflicts_logicalslot");
    assertThat(plan("14.0", ServerFacts.Role.PRIMARY))
        .contains("pg_stat_database_sessions")
        .doesNotContain("pg_stat_database_conflicts_logicalslot");
    assertThat(plan("16.0", ServerFacts.Role.PRIMARY))
        .contains("pg_stat_database_sessions", "pg_stat_database_conflicts_logicalslot");
  }

  @Test
  void replicasGetTheSamePlanAsPrimaries() {
    // Every query handles recovery itself (pg_current_wal_lsn() would fail on a replica).
    assertThat(plan("16.4", ServerFacts.Role.REPLICA))
        .isEqualTo(plan("16.4", ServerFacts.Role.PRIMARY));
  }

  @Test
  void anUnknownVersionRunsEverythingSoThatMismatchesFailVisibly() {
    assertThat(plan(ServerVersion.UNKNOWN, ServerFacts.Role.UNKNOWN))
        .hasSameSizeAs(engine.definitions().stream().filter(Definition::defaultEnabled).toList());
  }

  @Test
  void theExporterOptionalCollectorsFollowItsVersionsAndRoles() {
    ServerFacts primary18 =
        new ServerFacts(
            "18.1",
            ServerVersion.parse("18.1"),
            ServerFacts.Role.PRIMARY,
            Set.of("pg_stat_statements"),
            Optional.empty());
    assertThat(ids(planner.plan(engine.definitions(), primary18, everyOptional)))
        .contains(
            "database_wraparound",
            "long_running_transactions",
            "stat_activity_autovacuum",
            "stat_checkpointer",
            "stat_statements",
            "statio_user_indexes",
            "process_idle",
            "process_idle.sum")
        .doesNotContain("stat_wal_receiver", "xlog_location");
    ServerFacts replica13 =
        new ServerFacts(
            "13.0",
            ServerVersion.parse("13.0"),
            ServerFacts.Role.REPLICA,
            Set.of(),
            Optional.empty());
    assertThat(ids(planner.plan(engine.definitions(), replica13, everyOptional)))
        .contains("stat_wal_receiver")
        .doesNotContain("stat_checkpointer", "stat_statements", "xlog_location");
    assertThat(ids(planner.plan(engine.definitions(), primary18, config)))
        .doesNotContain(
            "database_wraparound",
            "stat_checkpointer",
            "stat_statements",
            "process_idle",
            "process_idle.sum");
  }

  private static List<String> ids(List<Definition> plan) {
    return plan.stream().map(Definition::id).toList();
  }

  /** Name, type and label names of each family, per plan: one family must not have two shapes. */
  @ParameterizedTest
  @ValueSource(strings = {"13.0", "14.0", "16.0", "17.0", "18.0"})
  void everyFamilyHasOneTypeAndOneLabelSetPerPlan(String version) {
    ServerFacts facts =
        new ServerFacts(
            version,
            ServerVersion.parse(version),
            ServerFacts.Role.PRIMARY,
            Set.of("pg_stat_statements"),
            Optional.empty());
    Map<String, String> shapes = new HashMap<>();
    Map<String, String> owners = new HashMap<>();
    for (Definition d : planner.plan(engine.definitions(), facts, everyOptional)) {
      if (!(d.mapping() instanceof Mapping.Columns c)) {
        continue;
      }
      Set<String> labels = new TreeSet<>();
      c.columns().stream()
          .filter(col -> col.usage() == Column.Usage.LABEL)
          .forEach(col -> labels.add(col.labelName().orElseThrow()));
      d.serverLabel().ifPresent(labels::add);
      for (Column col : c.columns()) {
        Optional<MetricType> type = col.usage().metricType();
        if (type.isEmpty()) {
          continue;
        }
        String name = col.metricName().orElseThrow();
        Set<String> own = new TreeSet<>(labels);
        if (col.usage() == Column.Usage.HISTOGRAM_BUCKET) {
          own.remove("le"); // the bucket's bound; _sum and _count have none
        }
        String shape = type.get() + " " + own;
        String before = shapes.putIfAbsent(name, shape);
        if (type.get() == MetricType.HISTOGRAM && shape.equals(before)) {
          continue; // a histogram's parts: buckets, sum and count, from one or two definitions
        }
        assertThat(before).as(name + " in " + d.id() + " and " + owners.get(name)).isNull();
        owners.put(name, d.id());
      }
    }
    assertThat(shapes)
        .containsEntry("pg_stat_database_xact_commit", "COUNTER [datid, datname]")
        .containsEntry("pg_locks_count", "GAUGE [datname, mode]")
        .containsEntry("pg_stat_bgwriter_buffers_backend_total", "COUNTER []");
  }
}
