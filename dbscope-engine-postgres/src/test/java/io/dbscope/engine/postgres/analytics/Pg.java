package io.dbscope.engine.postgres.analytics;

import io.dbscope.core.config.DatasourceConfig;
import io.dbscope.core.engine.EngineResources;
import io.dbscope.core.events.EventSink;
import io.dbscope.core.scrape.Deadline;
import io.dbscope.core.scrape.MonitoredDatasource;
import io.dbscope.engine.postgres.PostgresEngine;
import io.dbscope.engine.sql.analytics.AnalyticsContext;
import io.dbscope.engine.sql.analytics.AnalyticsSettings;
import io.dbscope.testkit.ExpositionText;
import io.dbscope.testkit.PostgresFixture;
import io.dbscope.testkit.Scraped;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;

/** A datasource on a fixture with chosen analytics settings, sink and clock, and SQL helpers. */
final class Pg {
  static final String DATASOURCE = "pg";

  /** A clock the test moves. */
  static final class TestClock implements InstantSource {
    volatile Instant now = Instant.parse("2026-01-01T00:00:00Z");

    @Override
    public Instant instant() {
      return now;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }
  }

  private Pg() {}

  static AnalyticsSettings.Builder settings() {
    return AnalyticsSettings.defaults().minInterval(Duration.ZERO);
  }

  static MonitoredDatasource datasource(
      PostgresFixture pg,
      EngineResources resources,
      AnalyticsSettings settings,
      EventSink sink,
      InstantSource clock) {
    return datasource(pg, resources, settings, sink, clock, DATASOURCE, "postgres");
  }

  /** A datasource named {@code name} connected to {@code database}. */
  static MonitoredDatasource datasource(
      PostgresFixture pg,
      EngineResources resources,
      AnalyticsSettings settings,
      EventSink sink,
      InstantSource clock,
      String name,
      String database) {
    DatasourceConfig cfg =
        DatasourceConfig.builder(name, "postgres")
            .database(database)
            .host(pg.host())
            .port(pg.port())
            .user(pg.user())
            .labels(Map.of("env", "test"))
            .build();
    PostgresEngine engine = new PostgresEngine(new AnalyticsContext(c -> settings, sink, clock));
    return new MonitoredDatasource(cfg, engine, engine.open(cfg, resources));
  }

  static ExpositionText scrape(MonitoredDatasource md) {
    return Scraped.of(md.collect(Deadline.in(Duration.ofSeconds(30))));
  }

  static double number(Connection c, String sql) throws SQLException {
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getDouble(1);
    }
  }

  static String queryid(Connection c, String textLike) throws SQLException {
    try (Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT queryid FROM pg_stat_statements WHERE query LIKE '"
                    + textLike
                    + "' ORDER BY calls DESC LIMIT 1")) {
      if (!rs.next()) {
        throw new AssertionError("no pg_stat_statements entry like " + textLike);
      }
      return Long.toString(rs.getLong(1));
    }
  }
}
