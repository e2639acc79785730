package io.dbscope.engine.mysql;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbscope.core.config.DatasourceConfig;
import io.dbscope.core.engine.EngineResources;
import io.dbscope.core.scrape.Deadline;
import io.dbscope.core.scrape.MonitoredDatasource;
import io.dbscope.testkit.ExpositionText;
import io.dbscope.testkit.FreePort;
import io.dbscope.testkit.Scraped;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A datasource whose server is down: mysql_up 0, no collector samples, no exception. */
class UnreachableTest {

  @Test
  void closedPortGivesUpZero() {
    MysqlEngine engine = new MysqlEngine();
    DatasourceConfig cfg =
        DatasourceConfig.builder("down", "mysql")
            .host("127.0.0.1")
            .port(FreePort.find())
            .user("root")
            .connectTimeout(Duration.ofSeconds(1))
            .build();
    try (EngineResources resources = EngineResources.create();
        MonitoredDatasource ds =
            new MonitoredDatasource(cfg, engine, engine.open(cfg, resources))) {
      ExpositionText s = Scraped.of(ds.collect(Deadline.in(Duration.ofSeconds(10))));
      assertThat(s.value("mysql_up", "datasource", "down")).isZero();
      assertThat(s.types()).containsEntry("mysql_up", "gauge");
      assertThat(s.text()).contains("# HELP mysql_up Whether the MySQL server is up.");
      assertThat(s.hasFamilyStartingWith("mysql_global_")).isFalse();
      assertThat(s.samples("dbscope_collector_success")).isEmpty();
      assertThat(ds.lastError()).isNotEmpty();
    }
  }
}
