package io.dbscope.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbscope.testkit.MongoFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code check --connect} on a MongoDB datasource (the wire protocol: mongo-java-server answering
 * serverStatus with a recorded reply) reports the version serverStatus gives; a datasource nobody
 * listens on is reported unreachable.
 */
class CheckConnectMongoTest {
  @Test
  void checkConnectReportsTheVersion(@TempDir Path dir) throws Exception {
    try (MongoFixture mongo =
        MongoFixture.start().answer("serverStatus", "serverStatus-datadog.json")) {
      Path cfg = dir.resolve("c.toml");
      Files.writeString(
          cfg,
          """
          [[datasource]]
          name = "mongo"
          engine = "mongodb"
          dbHost = "127.0.0.1:%d"
          connectTimeout = "2s"
          """
              .formatted(mongo.port()));
      CommandLineTest.Result r =
          CommandLineTest.run("check", "--config", cfg.toString(), "--connect");
      assertThat(r.exit()).as(r.out() + r.err()).isZero();
      assertThat(r.out().lines().filter(l -> l.startsWith("mongo ")))
          .singleElement()
          .asString()
          .contains("4.1.13")
          .contains(" yes ");
    }
  }
}
