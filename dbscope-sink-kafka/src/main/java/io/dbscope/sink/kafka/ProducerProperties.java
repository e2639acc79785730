package io.dbscope.sink.kafka;

import io.dbscope.core.config.KafkaSinkConfig;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The producer's settings for a {@link KafkaSinkConfig}. What matters for dbscope:
 *
 * <ul>
 *   <li>{@code max.block.ms} 1 s instead of Kafka's 60 s (logstash-integration-kafka#85): {@code
 *       send()} waits for metadata or buffer space at most that long, on the sender thread only;
 *   <li>idempotent with {@code acks=all}, so that retries after a lost acknowledgement write no
 *       duplicates; {@code lz4} compression (pure Java, no native library to unpack);
 *   <li>{@code delivery.timeout.ms} 30 s: a record not acknowledged by then counts as failed;
 *   <li>passwords go only into {@code sasl.jaas.config} and {@code ssl.truststore.password}, which
 *       Kafka's own logging of its settings shows as {@code [hidden]}.
 * </ul>
 */
final class ProducerProperties {
  static final int MAX_BLOCK_MS = 1_000;

  private ProducerProperties() {}

  static Properties of(KafkaSinkConfig c) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, String.join(",", c.bootstrapServers()));
    p.put(ProducerConfig.CLIENT_ID_CONFIG, "dbscope");
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Integer.toString(MAX_BLOCK_MS));
    p.put(ProducerConfig.LINGER_MS_CONFIG, "50");
    p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "30000");
    p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, Integer.toString(16 * 1024 * 1024));
    // A broker that is down is retried every second at most, not hammered.
    p.put(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "1000");
    p.put("security.protocol", c.securityProtocol().toUpperCase(Locale.ROOT));
    if (c.sasl()) {
      String mechanism = c.saslMechanism().toUpperCase(Locale.ROOT);
      String module =
          mechanism.equals("PLAIN")
              ? "org.apache.kafka.common.security.plain.PlainLoginModule"
              : "org.apache.kafka.common.security.scram.ScramLoginModule";
      p.put("sasl.mechanism", mechanism);
      p.put(
          "sasl.jaas.config",
          module
              + " required username=\""
              + jaasEscape(c.saslUsername())
              + "\" password=\""
              + jaasEscape(c.saslPassword().reveal())
              + "\";");
    }
    c.truststore()
        .ifPresent(
            t -> {
              p.put("ssl.truststore.location", t.toString());
              p.put("ssl.truststore.type", storeType(t));
              if (!c.truststorePassword().isEmpty()) {
                p.put("ssl.truststore.password", c.truststorePassword().reveal());
              }
            });
    return p;
  }

  /** PEM for .pem/.crt/.cer, JKS for .jks, else PKCS12 (Java's default keystore type). */
  static String storeType(Path file) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    if (name.endsWith(".pem") || name.endsWith(".crt") || name.endsWith(".cer")) {
      return "PEM";
    }
    return name.endsWith(".jks") ? "JKS" : "PKCS12";
  }

  /** A JAAS string literal: backslash and double quote escaped. */
  static String jaasEscape(String s) {
    return s.replace("\\", "\\\\").replace("\"", "\\\"");
  }
}
