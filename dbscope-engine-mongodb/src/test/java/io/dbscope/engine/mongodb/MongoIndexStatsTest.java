package io.dbscope.engine.mongodb;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.dbscope.core.config.DatasourceConfig;
import io.dbscope.core.config.EngineOptions;
import io.dbscope.core.engine.EngineResources;
import io.dbscope.core.engine.ResultRows;
import io.dbscope.core.scrape.Deadline;
import io.dbscope.core.scrape.MonitoredDatasource;
import io.dbscope.testkit.ExpositionText;
import io.dbscope.testkit.MongoFixture;
import io.dbscope.testkit.Scraped;
import java.time.Duration;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/**
 * The indexstats collector over the wire (mongo-java-server answering {@code $indexStats} with
 * recorded results) and the legacy {@code mongodb_version_info} (buildInfo).
 */
class MongoIndexStatsTest {
  private static final MongoEngine engine = new MongoEngine();

  private static ExpositionText collect(DatasourceConfig cfg) {
    try (EngineResources resources = EngineResources.create();
        MonitoredDatasource md =
            new MonitoredDatasource(cfg, engine, engine.open(cfg, resources))) {
      return Scraped.of(md.collect(Deadline.in(Duration.ofSeconds(10))));
    }
  }

  @Test
  void indexAccessesPerCollectionAndIndexUpToTheCollectionLimit() {
    try (MongoFixture mongo =
            MongoFixture.start()
                .answerIndexStats("test.bar", "indexStats-bar-datadog.json")
                .answerIndexStats("test.foo", "indexStats-foo-datadog.json");
        MongoClient client =
            MongoClients.create("mongodb://" + mongo.host() + ":" + mongo.port())) {
      for (String c : List.of("bar", "foo")) {
        client.getDatabase("test").getCollection(c).insertOne(new Document("n", 1));
      }
      ExpositionText t =
          collect(mongo.datasource("ix").optionalCollectors(List.of("indexstats")).build());
      assertThat(Scraped.success(t, "ix", "indexstats")).isEqualTo(1);
      assertThat(
              t.value(
                  "mongodb_indexstats_accesses_ops",
                  "database",
                  "test",
                  "collection",
                  "bar",
                  "key_name",
                  "_id_"))
          .isEqualTo(12);
      assertThat(
              t.value("mongodb_indexstats_accesses_ops", "collection", "foo", "key_name", "_id_"))
          .isEqualTo(1243);
      assertThat(t.samples("mongodb_indexstats_accesses_ops")).hasSize(2);

      ExpositionText one =
          collect(
              mongo
                  .datasource("ix1")
                  .optionalCollectors(List.of("indexstats"))
                  .options(EngineOptions.none().with(MongoOptions.COLLSTATS_LIMIT, 1))
                  .build());
      assertThat(one.samples("mongodb_indexstats_accesses_ops")).hasSize(1);
    }
  }

  @Test
  void aRefusedIndexStatsFailsTheCollectorNotTheScrape() {
    // As a server refuses it to a user without the indexStats action (or DocumentDB).
    try (MongoFixture mongo = MongoFixture.start().refuse("aggregate");
        MongoClient client =
            MongoClients.create("mongodb://" + mongo.host() + ":" + mongo.port())) {
      client.getDatabase("test").getCollection("x").insertOne(new Document("n", 1));
      ExpositionText t =
          collect(mongo.datasource("nix").optionalCollectors(List.of("indexstats")).build());
      assertThat(Scraped.success(t, "nix", "indexstats")).isZero();
      assertThat(Scraped.success(t, "nix", "server_status")).isEqualTo(1);
      assertThat(t.value("mongodb_up", "datasource", "nix")).isEqualTo(1);
    }
  }

  @Test
  void versionInfoFromARecordedBuildInfoWhenLegacyNamesAreOn() {
    try (MongoFixture mongo = MongoFixture.start().answer("buildInfo", "buildInfo-datadog.json")) {
      ExpositionText off = collect(mongo.datasource("new").build());
      assertThat(off.samples("mongodb_version_info")).isEmpty();
      ExpositionText t =
          collect(
              mongo
                  .datasource("old")
                  .options(EngineOptions.none().with(MongoOptions.LEGACY_NAMES, true))
                  .build());
      assertThat(Scraped.success(t, "old", "legacy_version_info")).isEqualTo(1);
      assertThat(t.samples("mongodb_version_info")).hasSize(1);
      assertThat(
              t.value(
                  "mongodb_version_info",
                  "mongodb",
                  "4.1.13",
                  "edition",
                  "Enterprise",
                  "vendor",
                  "MongoDB"))
          .isEqualTo(1);
    }
  }

  @Test
  void versionInfoFromTheTestServersOwnBuildInfo() {
    try (MongoFixture mongo = MongoFixture.start()) {
      ExpositionText t =
          collect(
              mongo
                  .datasource("own")
                  .options(EngineOptions.none().with(MongoOptions.LEGACY_NAMES, true))
                  .build());
      String version = t.samples("mongodb_version_info").getFirst().labels().get("mongodb");
      assertThat(version).isNotBlank();
      assertThat(t.samples("mongodb_version_info").getFirst().labels())
          .containsEntry("edition", "Community")
          .containsEntry("vendor", "MongoDB");
    }
  }

  @Test
  void editionAndVendorAsPerconaReadsThem() {
    ResultRows percona =
        CommandRows.buildInfo(
            new Document("version", "6.0.4-3")
                .append("psmdbVersion", "6.0.4-3")
                .append("modules", List.of()));
    assertThat(percona.rows().getFirst()).containsExactly("6.0.4-3", "Community", "Percona", 1.0);
    ResultRows bare = CommandRows.buildInfo(new Document());
    assertThat(bare.rows().getFirst()).containsExactly("", "Community", "MongoDB", 1.0);
  }
}
