package io.dbscope.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbscope.core.config.DatasourceConfig;
import io.dbscope.core.definition.Definition;
import io.dbscope.core.engine.Engine;
import io.dbscope.core.engine.EngineResources;
import io.dbscope.core.engine.ExporterHealth;
import io.dbscope.core.engine.ExporterHealth.Family;
import io.dbscope.core.metrics.MetricType;
import io.dbscope.core.scrape.Deadline;
import io.dbscope.core.scrape.MonitoredDatasource;
import io.dbscope.testkit.ExpositionText;
import io.dbscope.testkit.ExpositionText.Sample;
import io.dbscope.testkit.FreePort;
import io.dbscope.testkit.Scraped;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The community exporter's own health families on a real server, as alert rules read them: the
 * names and types the exporter serves (the subclass lists them, from the exporter's own output),
 * help on every family, the scrape counter moving by one per scrape, the last error 0 while all is
 * well and 1 when a collector fails or the server cannot be reached, per-collector success under
 * the exporter's collector names; and dbscope's own families beside them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ExporterHealthContract {
  private static final Duration DEADLINE = Duration.ofSeconds(30);

  private EngineUnderTest db;
  private EngineResources resources;

  /** Starts the engine's real server; it is closed after the last test of the class. */
  protected abstract EngineUnderTest start() throws Exception;

  /**
   * The health families the exporter serves, name to {@code # TYPE}, as read from the newest
   * exporter's {@code /metrics}.
   */
  protected abstract Map<String, String> exporterFamilies();

  @BeforeAll
  final void startServer() throws Exception {
    db = start();
    resources = EngineResources.create();
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

  @Test
  void theEngineDeclaresTheExportersFamilies() {
    Map<String, String> declared = new LinkedHashMap<>();
    for (Family f : health(db.engine()).families()) {
      declared.put(f.name(), f.type().name().toLowerCase(Locale.ROOT));
      assertThat(f.help()).as("help of %s", f.name()).isNotBlank();
    }
    assertThat(declared).isEqualTo(exporterFamilies());
    Map<String, String> process = new LinkedHashMap<>();
    for (ExporterHealth.ProcessFamily f : health(db.engine()).processFamilies()) {
      process.put(f.name(), f.type().name().toLowerCase(Locale.ROOT));
      assertThat(f.help()).as("help of %s", f.name()).isNotBlank();
    }
    assertThat(process).isEqualTo(exporterProcessFamilies());
  }

  /**
   * The exporter's families about itself (build, config reloads, refused requests), by name and
   * type; none unless the engine's exporter has them.
   */
  protected Map<String, String> exporterProcessFamilies() {
    return Map.of();
  }

  /** A family's samples: a summary's are its {@code _count}, one per series. */
  private static List<Sample> samples(ExpositionText s, Family f) {
    return s.samples(f.type() == MetricType.SUMMARY ? f.name() + "_count" : f.name());
  }

  @Test
  void twoGoodScrapesCountAndReportSuccess() {
    Engine engine = db.engine();
    DatasourceConfig cfg = db.datasource().build();
    try (MonitoredDatasource md =
        new MonitoredDatasource(cfg, engine, engine.open(cfg, resources))) {
      for (int scrape = 1; scrape <= 2; scrape++) {
        ExpositionText s = Scraped.of(md.collect(Deadline.in(DEADLINE)));
        assertThat(s.value(db.upMetric())).isEqualTo(1);
        assertThat(s.samples("dbscope_collector_success")).as("dbscope's own").isNotEmpty();
        typedAndHelped(s, engine);
        Set<String> planned = exporterCollectors(engine, md.plan());
        for (Family f : health(engine).families()) {
          List<Sample> samples = samples(s, f);
          assertThat(samples).as("%s, scrape %d", f.name(), scrape).isNotEmpty();
          switch (f.measure()) {
            case SCRAPES -> assertThat(only(samples)).as(f.name()).isEqualTo(scrape);
            case LAST_ERROR -> {
              assertThat(only(samples)).as(f.name()).isZero();
              if (!f.errorLabel().isEmpty()) {
                assertThat(samples.getFirst().labels()).containsEntry(f.errorLabel(), "");
              }
            }
            case LAST_DURATION ->
                assertThat(only(samples))
                    .isPositive()
                    .isEqualTo(s.value("dbscope_datasource_scrape_duration_seconds"));
            case CONNECT_DURATION -> assertThat(only(samples)).isNotNegative();
            case COLLECTOR_SUCCESS -> {
              assertThat(collectors(samples)).isEqualTo(planned);
              assertThat(samples).allSatisfy(x -> assertThat(x.value()).isEqualTo(1));
            }
            case COLLECTOR_DURATION -> {
              Set<String> expected = new LinkedHashSet<>();
              if (!health(engine).connectCollector().isEmpty()) {
                expected.add(health(engine).connectCollector());
              }
              expected.addAll(planned);
              assertThat(collectors(samples)).isEqualTo(expected);
              assertThat(samples).allSatisfy(x -> assertThat(x.value()).isNotNegative());
            }
            case DURATION_SUMMARY -> {
              assertThat(only(samples)).as("count of %s", f.name()).isEqualTo(scrape);
              assertThat(only(s.samples(f.name() + "_sum"))).as("sum of %s", f.name()).isPositive();
            }
          }
        }
      }
    }
  }

  /**
   * A definition whose query fails: the scrape's error is 1 (naming the collector where the family
   * has a label for it) and its exporter collector's success 0, while the others stay 1 and the
   * datasource up.
   */
  @Test
  void aFailingCollectorIsTheScrapesError() {
    Engine plain = db.engine();
    Definition model =
        plain.definitions().stream()
            .filter(d -> d.id().equals(db.builtInCollector()))
            .findFirst()
            .orElseThrow();
    Engine failing = new WithFailingDefinition(plain, model, db.failingQuery());
    DatasourceConfig cfg = db.datasource().build();
    try (MonitoredDatasource md =
        new MonitoredDatasource(cfg, failing, failing.open(cfg, resources))) {
      for (int scrape = 1; scrape <= 2; scrape++) {
        ExpositionText s = Scraped.of(md.collect(Deadline.in(DEADLINE)));
        assertThat(s.value(db.upMetric())).isEqualTo(1);
        assertThat(Scraped.success(s, cfg.name(), WithFailingDefinition.ID)).isZero();
        typedAndHelped(s, failing);
        for (Family f : health(failing).families()) {
          List<Sample> samples = samples(s, f);
          switch (f.measure()) {
            case SCRAPES -> assertThat(only(samples)).isEqualTo(scrape);
            case LAST_ERROR -> {
              assertThat(only(samples)).as(f.name()).isEqualTo(1);
              if (!f.errorLabel().isEmpty()) {
                assertThat(samples.getFirst().labels())
                    .containsEntry(f.errorLabel(), "collector failed: " + WithFailingDefinition.ID);
              }
            }
            case COLLECTOR_SUCCESS -> {
              assertThat(byCollector(samples)).containsEntry(WithFailingDefinition.ID, 0.0);
              assertThat(byCollector(samples))
                  .as("the others")
                  .containsEntry(exporterName(plain, db.builtInCollector()), 1.0);
            }
            default -> assertThat(samples).as(f.name()).isNotEmpty();
          }
        }
      }
    }
  }

  /**
   * A server that cannot be reached: up 0 and the scrape's error 1, the counter still moving, and
   * no per-collector series (no collector ran), as the exporters do.
   */
  @Test
  void anUnreachableServerIsTheScrapesError() {
    Engine engine = db.engine();
    DatasourceConfig cfg =
        db.datasource("gone").port(FreePort.find()).connectTimeout(Duration.ofSeconds(2)).build();
    try (MonitoredDatasource md =
        new MonitoredDatasource(cfg, engine, engine.open(cfg, resources))) {
      for (int scrape = 1; scrape <= 2; scrape++) {
        ExpositionText s = Scraped.of(md.collect(Deadline.in(DEADLINE)));
        assertThat(s.value(db.upMetric())).isZero();
        for (Family f : health(engine).families()) {
          List<Sample> samples = samples(s, f);
          switch (f.measure()) {
            case SCRAPES, DURATION_SUMMARY -> assertThat(only(samples)).isEqualTo(scrape);
            case LAST_ERROR -> assertThat(only(samples)).as(f.name()).isEqualTo(1);
            case COLLECTOR_SUCCESS, COLLECTOR_DURATION ->
                assertThat(samples).as("%s without a connection", f.name()).isEmpty();
            case LAST_DURATION -> assertThat(only(samples)).isNotNegative();
            case CONNECT_DURATION -> {
              // Not attempted while the circuit breaker skips the datasource.
              if (scrape == 1) {
                assertThat(only(samples)).isNotNegative();
              }
            }
          }
        }
      }
    }
  }

  private static ExporterHealth health(Engine engine) {
    return engine.exporterHealth();
  }

  private static void typedAndHelped(ExpositionText s, Engine engine) {
    for (Family f : health(engine).families()) {
      Optional<String> type = s.type(f.name());
      if (type.isEmpty() && s.samples(f.name()).isEmpty()) {
        continue;
      }
      assertThat(type)
          .as("# TYPE of %s", f.name())
          .contains(f.type().name().toLowerCase(Locale.ROOT));
      assertThat(s.help(f.name())).as("# HELP of %s", f.name()).contains(f.help());
    }
  }

  private static double only(List<Sample> samples) {
    assertThat(samples).hasSize(1);
    return samples.getFirst().value();
  }

  private static Set<String> collectors(List<Sample> samples) {
    return samples.stream()
        .map(x -> x.labels().get("collector"))
        .collect(Collectors.toCollection(LinkedHashSet::new));
  }

  private static Map<String, Double> byCollector(List<Sample> samples) {
    Map<String, Double> out = new LinkedHashMap<>();
    samples.forEach(x -> out.put(x.labels().get("collector"), x.value()));
    return out;
  }

  private static String exporterName(Engine engine, String collector) {
    return health(engine).collectors().get(collector);
  }

  /** The exporter collectors that the planned definitions map to, in plan order. */
  private static Set<String> exporterCollectors(Engine engine, List<Definition> plan) {
    Set<String> out = new LinkedHashSet<>();
    for (Definition d : plan) {
      String name = exporterName(engine, d.id());
      if (name != null) {
        out.add(name);
      }
    }
    return out;
  }
}
