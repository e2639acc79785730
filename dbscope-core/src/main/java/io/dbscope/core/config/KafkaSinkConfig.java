package io.dbscope.core.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The Kafka event sink's settings (top-level {@code kafka*} keys), validated. Passwords are {@link
 * Secret}s: this record's {@code toString()} shows them as {@code ******}.
 *
 * @param bootstrapServers host:port of each broker; empty means no Kafka sink
 * @param topic where events and statement records go
 * @param environment the {@code env} field of every record, empty for none
 * @param statementRecords whether per-fingerprint interval records are sent too
 * @param queueSize records held while the broker is slow or down
 * @param securityProtocol Kafka's {@code security.protocol}, lower case ({@code sasl_ssl})
 * @param saslMechanism Kafka's {@code sasl.mechanism}, lower case ({@code scram-sha-256})
 * @param truststore CA certificates (PEM, PKCS12 or JKS), resolved; empty for the JVM's
 */
public record KafkaSinkConfig(
    List<String> bootstrapServers,
    String topic,
    String environment,
    boolean statementRecords,
    int queueSize,
    String securityProtocol,
    String saslMechanism,
    String saslUsername,
    Secret saslPassword,
    Optional<Path> truststore,
    Secret truststorePassword) {

  public KafkaSinkConfig {
    bootstrapServers = List.copyOf(bootstrapServers);
  }

  /** No Kafka sink: the defaults of every key. */
  public static KafkaSinkConfig off() {
    return new KafkaSinkConfig(
        List.of(),
        "pgsql_query_message",
        "",
        true,
        10_000,
        "plaintext",
        "plain",
        "",
        Secret.empty(),
        Optional.empty(),
        Secret.empty());
  }

  public boolean enabled() {
    return !bootstrapServers.isEmpty();
  }

  public boolean sasl() {
    return securityProtocol.startsWith("sasl_");
  }
}
