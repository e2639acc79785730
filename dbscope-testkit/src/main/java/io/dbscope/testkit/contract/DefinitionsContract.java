package io.dbscope.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbscope.core.config.DatasourceBuilder;
import io.dbscope.core.config.DatasourceConfig;
import io.dbscope.core.definition.Definition;
import io.dbscope.core.engine.Engine;
import io.dbscope.core.engine.EngineResources;
import io.dbscope.core.engine.ServerFacts;
import io.dbscope.core.metrics.Exposition;
import io.dbscope.core.metrics.ExpositionWriter;
import io.dbscope.core.metrics.SampleBatch;
import io.dbscope.core.scrape.Deadline;
import io.dbscope.core.scrape.MonitoredDatasource;
import io.dbscope.core.scrape.Planner;
import io.dbscope.testkit.ExpositionText;
import io.dbscope.testkit.ExpositionText.Sample;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What an engine's built-in definitions must give on a real server: the class starts one server (an
 * {@link EngineUnderTest}), puts the subclass's {@link #load} on it, collects once through {@link
 * MonitoredDatasource} exactly as a scrape does, and checks the written exposition text: every
 * family has a name, a HELP and a TYPE, no series is written twice, no counter is negative; every
 * {@code option:} tag of a definition names a key of the engine's own. A definition whose query
 * fails fails alone: the others still give their samples, and dbscope's own per-collector metrics
 * say which failed.
 *
 * <pre>{@code
 * class RedisDefinitionsTest extends DefinitionsContract {
 *   protected EngineUnderTest start() { return RedisUnderTest.start(); }
 * }
 * }</pre>
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class DefinitionsContract {
  private static final Duration DEADLINE = Duration.ofSeconds(30);

  /** The suffixes a sample name may add to its family's name. */
  private static final List<String> SUFFIXES =
      List.of("", "_total", "_created", "_bucket", "_count", "_sum", "_info");

  /** One collection: the text a scraper would read, the plan that ran, the server's facts. */
  public record Collected(
      ExpositionText text, List<Definition> plan, ServerFacts facts, int duplicates) {}

  private EngineUnderTest db;
  private EngineResources resources;
  private Collected collected;

  /** Starts the engine's real server; it is closed after the last test of the class. */
  protected abstract EngineUnderTest start() throws Exception;

  /**
   * Starts load on the server that the built-ins should see (sessions, tables, replication); it is
   * stopped after the collection. None by default.
   */
  protected AutoCloseable load(EngineUnderTest db) throws Exception {
    return () -> {};
  }

  /** The datasource the collection runs on; the engine's admin datasource by default. */
  protected DatasourceBuilder datasource(EngineUnderTest db) {
    return db.datasource();
  }

  @BeforeAll
  final void startAndCollect() throws Exception {
    db = start();
    resources = EngineResources.create();
    AutoCloseable load = load(db);
    try {
      collected = collect();
    } finally {
      load.close();
    }
  }

  @AfterAll
  final void stopServer() {
    if (resources != null) {
      resources.close();
    }
    if (db != null) {
      db.close();
    }
  }

  /** The engine on its server. */
  protected final EngineUnderTest engineUnderTest() {
    return db;
  }

  /** The collection the class made once, under load. */
  protected final Collected collected() {
    return collected;
  }

  @Test
  void everyOptionTagNamesAKeyOfTheEngine() {
    Engine engine = db.engine();
    Planner planner = Planner.of(engine);
    List<String> unknown = new ArrayList<>();
    for (Definition d : engine.definitions()) {
      for (String tag : d.tags()) {
        if (tag.startsWith("option:")) {
          for (String key : tag.substring("option:".length()).split("\\|")) {
            if (!planner.hasOption(key)) {
              unknown.add(d.id() + ": " + key);
            }
          }
        }
      }
    }
    assertThat(unknown).as("option: tags naming no key of the engine").isEmpty();
  }

  @Test
  void everyFamilyHasANameAHelpAndAType() {
    ExpositionText text = collected.text();
    assertThat(text.samples()).as("samples").hasSizeGreaterThan(20);
    Set<String> families = new HashSet<>();
    for (Sample s : text.samples()) {
      String family = family(text, s.name());
      assertThat(family).as("the # TYPE line of %s in\n%s", s.name(), text.text()).isNotNull();
      families.add(family);
    }
    for (String family : families) {
      assertThat(family).matches("[a-zA-Z_:][a-zA-Z0-9_:]*");
      assertThat(text.help(family))
          .as("# HELP of %s", family)
          .hasValueSatisfying(h -> assertThat(h).as("# HELP of %s", family).isNotBlank());
    }
    assertThat(families).as("families").contains(db.upMetric(), "dbscope_collector_success");
  }

  @Test
  void noSeriesIsWrittenTwice() {
    assertThat(collected.duplicates()).as("samples with the same name and labels").isZero();
    Set<String> seen = new HashSet<>();
    List<String> twice = new ArrayList<>();
    for (Sample s : collected.text().samples()) {
      if (!seen.add(s.name() + s.labels())) {
        twice.add(s.name() + s.labels());
      }
    }
    assertThat(twice).as("series written twice").isEmpty();
  }

  @Test
  void noCounterIsNegative() {
    ExpositionText text = collected.text();
    int counters = 0;
    for (Sample s : text.samples()) {
      if ("counter".equals(text.types().get(family(text, s.name())))) {
        counters++;
        assertThat(s.value()).as("%s%s", s.name(), s.labels()).isNotNegative();
      }
    }
    assertThat(counters).as("counter samples").isPositive();
  }

  /**
   * One more definition whose query fails (after the first planned one): in each of two scrapes it
   * fails and is counted in {@code dbscope_collector_errors_total}, while every collector that
   * succeeded without it still succeeds and the datasource stays up.
   */
  @Test
  void aFailingDefinitionFailsAloneAndIsCounted() throws Exception {
    Definition model = collected.plan().getFirst();
    Engine failing = new WithFailingDefinition(db.engine(), model, db.failingQuery());
    List<String> succeeded =
        collected.plan().stream()
            .map(Definition::id)
            .filter(id -> success(collected.text(), id) == 1)
            .toList();
    assertThat(succeeded).as("collectors that succeed without it").isNotEmpty();

    DatasourceConfig cfg = datasource(db).build();
    try (MonitoredDatasource md =
        new MonitoredDatasource(cfg, failing, failing.open(cfg, resources))) {
      for (int scrape = 1; scrape <= 2; scrape++) {
        ExpositionText s = written(md.collect(Deadline.in(DEADLINE))).text();
        assertThat(md.plan()).extracting(Definition::id).contains(WithFailingDefinition.ID);
        assertThat(success(s, WithFailingDefinition.ID)).as("scrape %d", scrape).isZero();
        assertThat(
                s.value(
                    "dbscope_collector_errors_total",
                    Map.of("collector", WithFailingDefinition.ID)))
            .as("its errors after scrape %d", scrape)
            .isEqualTo(scrape);
        assertThat(s.samples(WithFailingDefinition.ID + "_n")).isEmpty();
        for (String id : succeeded) {
          assertThat(success(s, id)).as("collector %s, scrape %d", id, scrape).isEqualTo(1);
        }
        assertThat(s.value(db.upMetric(), Map.of())).isEqualTo(1);
        assertThat(s.value("dbscope_datasource_up", Map.of())).isEqualTo(1);
      }
    }
  }

  private static double success(ExpositionText s, String collector) {
    return s.value("dbscope_collector_success", Map.of("collector", collector));
  }

  /** The family a sample name belongs to: the name of its {@code # TYPE} line, or null. */
  private static String family(ExpositionText text, String sample) {
    for (String suffix : SUFFIXES) {
      if (sample.endsWith(suffix)) {
        String family = sample.substring(0, sample.length() - suffix.length());
        if (text.type(family).isPresent()) {
          return family;
        }
      }
    }
    return null;
  }

  /** One collection on a new datasource of the engine under test. */
  private Collected collect() {
    DatasourceConfig cfg = datasource(db).build();
    Engine engine = db.engine();
    try (MonitoredDatasource md =
        new MonitoredDatasource(cfg, engine, engine.open(cfg, resources))) {
      Written w = written(md.collect(Deadline.in(DEADLINE)));
      return new Collected(w.text(), md.plan(), md.facts().orElseThrow(), w.duplicates());
    }
  }

  private record Written(ExpositionText text, int duplicates) {}

  /** A batch as the exposition writer writes it, read back. */
  private static Written written(SampleBatch batch) {
    Exposition exposition = Exposition.builder().add(batch).build();
    return new Written(
        ExpositionText.written(out -> new ExpositionWriter().write(out, exposition, null)),
        exposition.duplicates());
  }
}
