package io.dbscope.sink.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dbscope.core.config.KafkaSinkConfig;
import io.dbscope.core.config.Secret;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The producer settings that keep collection unblocked, and where the secrets go. */
class ProducerPropertiesTest {

  private static KafkaSinkConfig config(String protocol, String mechanism, Optional<Path> store) {
    return new KafkaSinkConfig(
        List.of("k1:9092", "k2:9093"),
        "pgsql_query_message",
        "",
        true,
        10_000,
        protocol,
        mechanism,
        "dbscope",
        Secret.of("pa\"ss\\word"),
        store,
        Secret.of("store-secret"));
  }

  @Test
  void plaintextProducerBlocksAtMostASecondAndIsIdempotentAndCompressed() {
    Properties p = ProducerProperties.of(config("plaintext", "plain", Optional.empty()));

    assertThat(p.get(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG)).isEqualTo("k1:9092,k2:9093");
    assertThat(p.get(ProducerConfig.MAX_BLOCK_MS_CONFIG)).isEqualTo("1000");
    assertThat(p.get(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG)).isEqualTo("true");
    assertThat(p.get(ProducerConfig.ACKS_CONFIG)).isEqualTo("all");
    assertThat(p.get(ProducerConfig.COMPRESSION_TYPE_CONFIG)).isEqualTo("lz4");
    assertThat(p.get("security.protocol")).isEqualTo("PLAINTEXT");
    assertThat(p).doesNotContainKeys("sasl.jaas.config", "ssl.truststore.location");
  }

  @Test
  void scramOverTlsGetsAnEscapedJaasLineAndTheTrustStore() {
    Properties p =
        ProducerProperties.of(
            config("sasl_ssl", "scram-sha-512", Optional.of(Path.of("/etc/dbscope/ca.p12"))));

    assertThat(p.get("security.protocol")).isEqualTo("SASL_SSL");
    assertThat(p.get("sasl.mechanism")).isEqualTo("SCRAM-SHA-512");
    assertThat(p.get("sasl.jaas.config"))
        .isEqualTo(
            "org.apache.kafka.common.security.scram.ScramLoginModule required"
                + " username=\"dbscope\" password=\"pa\\\"ss\\\\word\";");
    assertThat(p.get("ssl.truststore.location")).isEqualTo("/etc/dbscope/ca.p12");
    assertThat(p.get("ssl.truststore.type")).isEqualTo("PKCS12");
    assertThat(p.get("ssl.truststore.password")).isEqualTo("store-secret");
  }

  @Test
  void plainSaslUsesThePlainLoginModule() {
    Properties p = ProducerProperties.of(config("sasl_plaintext", "plain", Optional.empty()));

    assertThat((String) p.get("sasl.jaas.config"))
        .startsWith("org.apache.kafka.common.security.plain.PlainLoginModule required");
  }

  @Test
  void aTrustStoreThatDoesNotOpenIsOneReadableLineWithoutThePassword(@TempDir Path dir)
      throws Exception {
    Path bad = Files.writeString(dir.resolve("ca.p12"), "not a key store");

    assertThatThrownBy(() -> KafkaEventSink.start(config("ssl", "plain", Optional.of(bad))).close())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("cannot start the Kafka event sink (kafkaBootstrapServers): ")
        .message()
        .doesNotContain("store-secret")
        .doesNotContain("pa\"ss");
  }

  @Test
  void theTrustStoreTypeFollowsTheFileName() {
    assertThat(ProducerProperties.storeType(Path.of("ca.pem"))).isEqualTo("PEM");
    assertThat(ProducerProperties.storeType(Path.of("ca.CRT"))).isEqualTo("PEM");
    assertThat(ProducerProperties.storeType(Path.of("ca.jks"))).isEqualTo("JKS");
    assertThat(ProducerProperties.storeType(Path.of("ca.pfx"))).isEqualTo("PKCS12");
  }
}
