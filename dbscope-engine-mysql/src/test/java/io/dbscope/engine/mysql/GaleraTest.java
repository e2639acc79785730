package io.dbscope.engine.mysql;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbscope.core.config.DatasourceConfig;
import io.dbscope.core.definition.Definition;
import io.dbscope.core.engine.EngineResources;
import io.dbscope.core.scrape.Deadline;
import io.dbscope.core.scrape.MonitoredDatasource;
import io.dbscope.testkit.ExpositionText;
import io.dbscope.testkit.FreePort;
import io.dbscope.testkit.MariaDbFixture;
import io.dbscope.testkit.Scraped;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The Galera collectors against a real one-node Galera cluster: Debian's MariaDB with the galera-4
 * provider, bootstrapped with an empty {@code gcomm://} address on loopback ports of its own. They
 * run only where a provider is loaded (the {@code wsrep} fact); MysqlEngineTest shows they are not
 * planned on a server without one.
 */
class GaleraTest {
  private static final String PROVIDER = "/usr/lib/galera/libgalera_smm.so";

  @Test
  void aNodeWithAProviderHasTheGaleraFamilies() {
    try (MariaDbFixture db =
            MariaDbFixture.builder()
                .option("wsrep-on", "ON")
                .option("wsrep-provider", PROVIDER)
                .option("wsrep-cluster-address", "gcomm://")
                .option("wsrep-node-address", "127.0.0.1")
                .option(
                    "wsrep-provider-options",
                    "gmcast.listen_addr=tcp://127.0.0.1:" + FreePort.find() + ";gcache.size=16M")
                .option("binlog-format", "ROW")
                .option("innodb-autoinc-lock-mode", "2")
                .start();
        EngineResources resources = EngineResources.create()) {
      MysqlEngine engine = new MysqlEngine();
      DatasourceConfig cfg =
          DatasourceConfig.builder("galera", "mysql")
              .engineAlias("mariadb")
              .host(db.host())
              .port(db.port())
              .user(db.user())
              .build();
      try (MonitoredDatasource ds =
          new MonitoredDatasource(cfg, engine, engine.open(cfg, resources))) {
        ExpositionText s = Scraped.of(ds.collect(Deadline.in(Duration.ofSeconds(20))));

        assertThat(ds.facts().orElseThrow().extensions()).contains("wsrep");
        assertThat(ds.plan())
            .extracting(Definition::id)
            .contains("galera_status_info", "galera_evs_repl_latency", "galera_gcache_size");
        for (String id : new String[] {"galera_status_info", "galera_evs_repl_latency"}) {
          assertThat(s.value("dbscope_collector_success", "collector", id)).as(id).isEqualTo(1);
        }
        ExpositionText.Sample info = s.find("mysql_galera_status_info").orElseThrow();
        assertThat(info.labels().get("wsrep_local_state_uuid")).matches("[0-9a-f-]{36}");
        assertThat(info.labels().get("wsrep_provider_version")).isNotBlank();
        assertThat(s.value("mysql_galera_gcache_size_bytes")).isEqualTo(16 * 1024 * 1024);
        assertThat(s.value("mysql_galera_evs_repl_latency_sample_size")).isGreaterThanOrEqualTo(0);
        assertThat(s.value("mysql_global_status_wsrep_cluster_size")).isEqualTo(1);
      }
    }
  }
}
