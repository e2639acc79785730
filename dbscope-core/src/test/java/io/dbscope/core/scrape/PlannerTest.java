package io.dbscope.core.scrape;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbscope.core.config.DatasourceConfig;
import io.dbscope.core.config.EngineOptions;
import io.dbscope.core.config.Option;
import io.dbscope.core.config.OptionTable;
import io.dbscope.core.definition.CacheClass;
import io.dbscope.core.definition.Definition;
import io.dbscope.core.definition.Mapping;
import io.dbscope.core.definition.VersionRange;
import io.dbscope.core.engine.ServerFacts;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Which definitions run: the defaults, the optional ones a datasource turns on by name or all at
 * once, and the datasource's collectors and excludeCollectors lists over both.
 */
class PlannerTest {
  private static final List<Definition> DEFINITIONS =
      List.of(
          definition("usual", true), definition("wraparound", false), definition("idle", false));

  private static Definition definition(String id, boolean byDefault) {
    return definition(id, byDefault, Set.of());
  }

  private static Definition definition(String id, boolean byDefault, Set<String> tags) {
    return new Definition(
        id,
        "test",
        "SELECT 1",
        Duration.ZERO,
        Duration.ofSeconds(1),
        CacheClass.DEFAULT,
        VersionRange.ALL,
        tags,
        "database",
        byDefault,
        new Mapping.Columns(id, List.of()),
        "test");
  }

  private static List<String> plan(DatasourceConfig config) {
    return new Planner()
        .plan(DEFINITIONS, ServerFacts.unknown(), config).stream().map(Definition::id).toList();
  }

  @Test
  void optionalCollectorsRunOnlyWhenNamedOrAll() {
    assertThat(plan(DatasourceConfig.builder("a", "x").build())).containsExactly("usual");
    assertThat(plan(DatasourceConfig.builder("a", "x").optionalCollectors(List.of("idle")).build()))
        .containsExactly("usual", "idle");
    assertThat(plan(DatasourceConfig.builder("a", "x").optionalCollectors(List.of("all")).build()))
        .containsExactly("usual", "wraparound", "idle");
  }

  @Test
  void namingACollectorTurnsOnItsParts() {
    List<Definition> parts =
        List.of(
            definition("info_schema.tables", false),
            definition("info_schema.tables.size", false),
            definition("info_schema.tablestats", false));
    DatasourceConfig named =
        DatasourceConfig.builder("a", "x")
            .optionalCollectors(List.of("info_schema.tables"))
            .build();
    DatasourceConfig part =
        DatasourceConfig.builder("a", "x")
            .optionalCollectors(List.of("info_schema.tables.size"))
            .build();

    assertThat(new Planner().plan(parts, ServerFacts.unknown(), named))
        .extracting(Definition::id)
        .containsExactly("info_schema.tables", "info_schema.tables.size");
    assertThat(new Planner().plan(parts, ServerFacts.unknown(), part))
        .extracting(Definition::id)
        .containsExactly("info_schema.tables.size");
  }

  @Test
  void collectorsAndExcludeCollectorsStillApplyOverAll() {
    DatasourceConfig only =
        DatasourceConfig.builder("a", "x")
            .optionalCollectors(List.of("all"))
            .collectors(List.of("usual", "idle"))
            .build();
    DatasourceConfig without =
        DatasourceConfig.builder("a", "x")
            .optionalCollectors(List.of("all"))
            .excludeCollectors(List.of("wraparound"))
            .build();

    assertThat(plan(only)).containsExactly("usual", "idle");
    assertThat(plan(without)).containsExactly("usual", "idle");
  }

  @Test
  void anOptionTagNeedsOneOfItsKeysSetToOtherThanItsDefault() {
    Option<String> keys = Option.string("checkKeys", "", "keys to check");
    Option<String> single = Option.string("checkSingleKeys", "", "single keys to check");
    Option<Boolean> values = Option.bool("exportValues", true, "export values");
    Planner planner =
        new Planner(
            java.util.Map.of(),
            List.of(new OptionTable("keys", "", List.of(keys, single, values))));
    Definition checks = definition("check_keys", true, Set.of("option:checkKeys|checkSingleKeys"));
    Definition hidden = definition("hidden", true, Set.of("option:exportValues"));
    Definition unknown = definition("unknown", true, Set.of("option:noSuchKey"));

    DatasourceConfig plain = DatasourceConfig.builder("a", "x").build();
    assertThat(planner.plan(List.of(checks, hidden, unknown), ServerFacts.unknown(), plain))
        .isEmpty();
    assertThat(planner.skipReason(checks, ServerFacts.unknown(), plain))
        .hasValue("needs checkKeys or checkSingleKeys set");

    DatasourceConfig second =
        DatasourceConfig.builder("a", "x")
            .options(EngineOptions.none().with(single, "db0=user:1").with(values, false))
            .build();
    assertThat(planner.plan(List.of(checks, hidden, unknown), ServerFacts.unknown(), second))
        .extracting(Definition::id)
        .containsExactly("check_keys", "hidden");
    assertThat(planner.hasOption("checkKeys")).isTrue();
    assertThat(planner.hasOption("noSuchKey")).isFalse();
  }

  @Test
  void saysWhyADefinitionDoesNotRun() {
    Planner planner = new Planner();
    DatasourceConfig excluding =
        DatasourceConfig.builder("a", "x").excludeCollectors(List.of("usual")).build();
    DatasourceConfig plain = DatasourceConfig.builder("a", "x").build();
    Definition usual = DEFINITIONS.getFirst();
    Definition optional =
        DEFINITIONS.stream().filter(d -> !d.defaultEnabled()).findFirst().orElseThrow();
    assertThat(planner.skipReason(usual, ServerFacts.unknown(), excluding))
        .hasValue("excluded by excludeCollectors");
    assertThat(planner.skipReason(optional, ServerFacts.unknown(), plain))
        .hasValue("optional, not switched on");
    assertThat(planner.skipReason(usual, ServerFacts.unknown(), plain)).isEmpty();
  }
}
