package io.dbscope.core.config;

import static io.dbscope.core.config.KeyFactory.bool;
import static io.dbscope.core.config.KeyFactory.choice;
import static io.dbscope.core.config.KeyFactory.integer;
import static io.dbscope.core.config.KeyFactory.secret;
import static io.dbscope.core.config.KeyFactory.string;

import io.dbscope.core.config.ConfigKey.Scope;
import java.util.List;

/** The top-level keys of the Kafka event sink ({@link KafkaSinkConfig}), in documentation order. */
final class KafkaKeys {
  static final List<ConfigKey> KEYS =
      List.of(
          string(
              Scope.GLOBAL,
              "kafkaBootstrapServers",
              "\"\"",
              "Kafka brokers (host:port, comma-separated) that query-analytics events also go to,"
                  + " beside eventLog; empty: no Kafka sink (seed 004's KAFKA_SERVER)"),
          string(
              Scope.GLOBAL,
              "kafkaTopic",
              "\"pgsql_query_message\"",
              "topic of the events and statement records; records are keyed by datasource"),
          string(
              Scope.GLOBAL,
              "kafkaEnvironment",
              "\"\"",
              "environment tag every record carries as env (seed 004's environment name); empty: none"),
          bool(
              Scope.GLOBAL,
              "kafkaStatementRecords",
              true,
              "also send one record per statement fingerprint and analytics interval, with its"
                  + " deltas (calls, time, rows, block I/O, hit ratio)"),
          integer(
              Scope.GLOBAL,
              "kafkaQueueSize",
              10_000,
              100,
              1_000_000,
              "records held while the broker is slow or down; when full the oldest is dropped"
                  + " (counted in dbscope_events_dropped_total)"),
          choice(
              Scope.GLOBAL,
              "kafkaSecurityProtocol",
              "plaintext",
              List.of("plaintext", "ssl", "sasl_plaintext", "sasl_ssl"),
              "how dbscope talks to the brokers"),
          choice(
              Scope.GLOBAL,
              "kafkaSaslMechanism",
              "plain",
              List.of("plain", "scram-sha-256", "scram-sha-512"),
              "SASL mechanism when kafkaSecurityProtocol is sasl_plaintext or sasl_ssl"),
          string(
              Scope.GLOBAL,
              "kafkaSaslUsername",
              "\"\"",
              "SASL user; required with a sasl_* kafkaSecurityProtocol"),
          secret(
              Scope.GLOBAL,
              "kafkaSaslPassword",
              "SASL password: ENC(base64), ${ENV_VAR} or plain text (warned), like dbPwd; never"
                  + " logged; required with a sasl_* kafkaSecurityProtocol"),
          string(
              Scope.GLOBAL,
              "kafkaTruststore",
              "\"\"",
              "ssl/sasl_ssl: CA certificates to trust, a PEM, PKCS12 or JKS file (relative to the"
                  + " config file); empty: the JVM's default trust store"),
          secret(
              Scope.GLOBAL,
              "kafkaTruststorePassword",
              "password of a PKCS12 or JKS kafkaTruststore, written like kafkaSaslPassword"));

  private KafkaKeys() {}
}
