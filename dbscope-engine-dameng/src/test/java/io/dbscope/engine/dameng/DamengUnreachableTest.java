package io.dbscope.engine.dameng;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbscope.core.config.DatasourceConfig;
import io.dbscope.core.engine.EngineResources;
import io.dbscope.core.scrape.Deadline;
import io.dbscope.core.scrape.MonitoredDatasource;
import io.dbscope.testkit.ExpositionText;
import io.dbscope.testkit.Scraped;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * DmJdbcDriver18 itself (from dbscope's class path) against addresses that give it nothing: a
 * closed port, and a black hole (a loopback socket that accepts TCP and never says a word, as a
 * firewall that drops packets looks to the driver). Both answer {@code dmdb_up 0} within the
 * scrape's deadline, with no collector run.
 */
class DamengUnreachableTest {
  private static final Duration DEADLINE = Duration.ofSeconds(5);

  @Test
  void theDriverLoadsFromTheClassPath() throws Exception {
    assertThat(new dm.jdbc.driver.DmDriver().acceptsURL("jdbc:dm://127.0.0.1:5236")).isTrue();
  }

  @Test
  void aBlackHoleGivesUpZeroWithinTheDeadline() throws Exception {
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      assertUpZeroWithin(silent.getLocalPort());
    }
  }

  @Test
  void aClosedPortGivesUpZeroWithinTheDeadline() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    assertUpZeroWithin(port);
  }

  private static void assertUpZeroWithin(int port) {
    DamengEngine engine = new DamengEngine();
    DatasourceConfig cfg =
        DatasourceConfig.builder("dm", "dameng")
            .host("127.0.0.1")
            .port(port)
            .user("SYSDBA")
            .connectTimeout(Duration.ofSeconds(2))
            .queryTimeout(Duration.ofSeconds(2))
            .build();
    try (EngineResources resources = EngineResources.create();
        MonitoredDatasource ds =
            new MonitoredDatasource(cfg, engine, engine.open(cfg, resources))) {
      long t0 = System.nanoTime();
      ExpositionText s = Scraped.of(ds.collect(Deadline.in(DEADLINE)));
      Duration took = Duration.ofNanos(System.nanoTime() - t0);

      assertThat(took).isLessThan(DEADLINE.plusMillis(500));
      assertThat(s.value("dmdb_up", "datasource", "dm")).isZero();
      assertThat(s.text()).contains("# HELP dmdb_up Whether the DM8 database is reachable");
      assertThat(s.hasFamilyStartingWith("dmdbms_")).isFalse();
      assertThat(s.samples("dbscope_collector_success")).isEmpty();
      assertThat(ds.lastError()).isNotEmpty();
    }
  }
}
