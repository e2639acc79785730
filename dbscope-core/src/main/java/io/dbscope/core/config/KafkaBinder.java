package io.dbscope.core.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Binds the top-level {@code kafka*} keys to a {@link KafkaSinkConfig}. Every key is read, so that
 * all problems are reported at once; nothing here puts a password into a message.
 */
final class KafkaBinder {
  private final Path baseDir;

  KafkaBinder(Path baseDir) {
    this.baseDir = baseDir;
  }

  Optional<KafkaSinkConfig> bind(Section s) {
    int before = s.problemCount();
    Optional<List<String>> servers = s.string("kafkaBootstrapServers").flatMap(v -> servers(s, v));
    Optional<String> topic = s.string("kafkaTopic").filter(t -> topicOk(s, t));
    Optional<String> env = s.string("kafkaEnvironment");
    Optional<Boolean> records = s.bool("kafkaStatementRecords");
    Optional<Integer> queue = s.integer("kafkaQueueSize");
    Optional<String> protocol = s.choice("kafkaSecurityProtocol");
    Optional<String> mechanism = s.choice("kafkaSaslMechanism");
    Optional<String> user = s.string("kafkaSaslUsername");
    Optional<Secret> password = secret(s, "kafkaSaslPassword");
    Optional<Optional<Path>> truststore = s.string("kafkaTruststore").flatMap(t -> store(s, t));
    Optional<Secret> storePassword = secret(s, "kafkaTruststorePassword");
    if (protocol.isPresent() && protocol.get().startsWith("sasl_")) {
      if (user.isPresent() && user.get().isBlank()) {
        s.errorAt(
            s.has("kafkaSaslUsername") ? "kafkaSaslUsername" : "kafkaSecurityProtocol",
            "kafkaSaslUsername",
            "required when kafkaSecurityProtocol is " + protocol.get());
      }
      if (password.isPresent() && password.get().isEmpty()) {
        s.errorAt(
            s.has("kafkaSaslPassword") ? "kafkaSaslPassword" : "kafkaSecurityProtocol",
            "kafkaSaslPassword",
            "required when kafkaSecurityProtocol is " + protocol.get());
      }
    }
    if (s.problemCount() > before) {
      return Optional.empty();
    }
    return Optional.of(
        new KafkaSinkConfig(
            servers.orElseThrow(),
            topic.orElseThrow(),
            env.orElseThrow().strip(),
            records.orElseThrow(),
            queue.orElseThrow(),
            protocol.orElseThrow(),
            mechanism.orElseThrow(),
            user.orElseThrow(),
            password.orElseThrow(),
            truststore.orElseThrow(),
            storePassword.orElseThrow()));
  }

  /** host:port items; an empty value is "no Kafka sink". */
  private static Optional<List<String>> servers(Section s, String written) {
    List<String> out = new ArrayList<>();
    if (written.isBlank()) {
      return Optional.of(out);
    }
    for (String item : written.split(",")) {
      String hp = item.strip();
      try {
        if (HostPort.parse(hp).port().isEmpty() || hp.startsWith(":")) {
          s.error("kafkaBootstrapServers", "'" + hp + "' is not host:port");
          return Optional.empty();
        }
      } catch (IllegalArgumentException e) {
        s.error("kafkaBootstrapServers", e.getMessage());
        return Optional.empty();
      }
      out.add(hp);
    }
    return Optional.of(out);
  }

  /** Kafka's own rule for topic names, so that the first send does not find it out. */
  private static boolean topicOk(Section s, String t) {
    if (!t.matches("[A-Za-z0-9._-]{1,249}") || t.equals(".") || t.equals("..")) {
      s.error(
          "kafkaTopic",
          "'" + t + "' is not a Kafka topic name (letters, digits, '.', '_' and '-', at most 249)");
      return false;
    }
    return true;
  }

  private Optional<Optional<Path>> store(Section s, String written) {
    if (written.isBlank()) {
      return Optional.of(Optional.empty());
    }
    Path file = baseDir.resolve(written.strip()).normalize();
    Optional<String> problem = RegularFiles.unreadable(file);
    if (problem.isPresent()) {
      s.error("kafkaTruststore", "cannot read " + file + ": " + problem.get());
      return Optional.empty();
    }
    return Optional.of(Optional.of(file));
  }

  /** Like a datasource password: ${ENV} or ENC(base64), plain text warned. */
  private static Optional<Secret> secret(Section s, String name) {
    Optional<Passwords.Resolved> r = Passwords.resolve(s, name);
    if (r.isEmpty()) {
      return Optional.of(Secret.empty()); // not written, or refused (bind sees the problem)
    }
    if (r.get().plain()) {
      s.warn(name, "the password is written in plain text; prefer ${ENV_VAR} or ENC()");
    }
    return Optional.of(r.get().secret());
  }
}
