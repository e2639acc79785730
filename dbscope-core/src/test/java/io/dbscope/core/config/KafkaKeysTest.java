package io.dbscope.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The kafka* keys: defaults, values, and refusals that name file, line and key, never a secret. */
class KafkaKeysTest {
  private static final String BASE =
      "[[datasource]]\nname = \"a\"\nengine = \"postgres\"\ndbHost = \"db1\"\n";

  @TempDir Path dir;

  @Test
  void withoutKafkaKeysThereIsNoSinkAndTheSeedTopicIsTheDefault() {
    KafkaSinkConfig k = new ConfigFiles(dir).load("c.toml", BASE).config().global().kafka();

    assertThat(k.enabled()).isFalse();
    assertThat(k).isEqualTo(KafkaSinkConfig.off());
    assertThat(k.topic()).isEqualTo("pgsql_query_message");
  }

  @Test
  void writtenKeysAreRead() {
    LoadedConfig loaded =
        new ConfigFiles(dir)
            .load(
                "c.toml",
                """
                kafkaBootstrapServers = "k1:9092, [::1]:9093"
                kafkaTopic = "pg.queries"
                kafkaEnvironment = "prod-eu"
                kafkaStatementRecords = false
                kafkaQueueSize = 500
                kafkaSecurityProtocol = "sasl_ssl"
                kafkaSaslMechanism = "scram-sha-512"
                kafkaSaslUsername = "dbscope"
                kafkaSaslPassword = "ENC(czNjcmV0)"
                """
                    + BASE);
    KafkaSinkConfig k = loaded.config().global().kafka();

    assertThat(k.bootstrapServers()).containsExactly("k1:9092", "[::1]:9093");
    assertThat(k.topic()).isEqualTo("pg.queries");
    assertThat(k.environment()).isEqualTo("prod-eu");
    assertThat(k.statementRecords()).isFalse();
    assertThat(k.queueSize()).isEqualTo(500);
    assertThat(k.sasl()).isTrue();
    assertThat(k.saslMechanism()).isEqualTo("scram-sha-512");
    assertThat(k.saslPassword().reveal()).isEqualTo("s3cret");
    assertThat(k.truststore()).isEqualTo(Optional.empty());
    assertThat(k.toString()).doesNotContain("s3cret");
    assertThat(loaded.warnings()).noneMatch(w -> w.contains("kafkaSaslPassword"));
  }

  @Test
  void badValuesAreRefusedEachAtItsKey() {
    ConfigFiles files = new ConfigFiles(dir);
    Path f =
        files.write(
            "c.toml",
            """
            kafkaBootstrapServers = "k1"
            kafkaTopic = "pg queries"
            kafkaSecurityProtocol = "sasl_plaintext"
            kafkaTruststore = "missing.pem"
            """
                + BASE);

    assertThat(files.problems(f))
        .containsExactlyInAnyOrder(
            f + ":1: kafkaBootstrapServers: 'k1' is not host:port",
            f
                + ":2: kafkaTopic: 'pg queries' is not a Kafka topic name (letters, digits, '.', '_'"
                + " and '-', at most 249)",
            f + ":4: kafkaTruststore: cannot read " + dir.resolve("missing.pem") + ": no such file",
            f + ":3: kafkaSaslUsername: required when kafkaSecurityProtocol is sasl_plaintext",
            f + ":3: kafkaSaslPassword: required when kafkaSecurityProtocol is sasl_plaintext");
  }

  @Test
  void aPlainTextPasswordIsWarnedWithoutShowingIt() {
    LoadedConfig loaded =
        new ConfigFiles(dir)
            .load(
                "c.toml",
                """
                kafkaBootstrapServers = "k1:9092"
                kafkaSecurityProtocol = "sasl_plaintext"
                kafkaSaslUsername = "dbscope"
                kafkaSaslPassword = "hunter2"
                """
                    + BASE);

    assertThat(loaded.warnings()).anyMatch(w -> w.contains("kafkaSaslPassword"));
    assertThat(String.join("\n", loaded.warnings())).doesNotContain("hunter2");
  }
}
