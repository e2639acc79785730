package io.dbscope.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Apache Kafka broker (broker and KRaft controller in one process) on free loopback ports,
 * its data in a temporary directory. It runs in a separate JVM from the jars a module's build
 * copies into {@code target/kafka-broker} ({@code org.apache.kafka:kafka_2.13} with
 * maven-dependency-plugin), so that the broker's dependencies never meet the code under test. Start
 * takes about 8 s and about 400 MB: start one per test class.
 *
 * <pre>{@code
 * try (KafkaFixture kafka = KafkaFixture.start(Path.of("target", "kafka-broker"))) {
 *   String servers = kafka.bootstrapServers(); // 127.0.0.1:port
 *   kafka.kill();                               // the broker dies mid-run
 * }
 * }</pre>
 */
public final class KafkaFixture implements AutoCloseable {
  private static final Duration START = Duration.ofSeconds(90);

  private final Path dir;
  private final int port;
  private final Process process;

  private KafkaFixture(Path dir, int port, Process process) {
    this.dir = dir;
    this.port = port;
    this.process = process;
  }

  /**
   * Formats a fresh log directory and starts the broker; returns once it accepts connections.
   *
   * @param jars the directory holding kafka_2.13 and its dependencies
   */
  public static KafkaFixture start(Path jars) {
    if (!Files.isDirectory(jars)) {
      throw new FixtureException(
          jars.toAbsolutePath() + " is missing: the module's build copies the broker jars there");
    }
    try {
      Path dir = Files.createTempDirectory("dbscope-kafka-");
      int port = FreePort.find();
      int controller = FreePort.find();
      Path props = dir.resolve("server.properties");
      Files.writeString(props, properties(dir.resolve("data"), port, controller));
      String cp = jars.toAbsolutePath() + "/*";
      String java = ProcessHandle.current().info().command().orElse("java");
      Process format =
          new ProcessBuilder(
                  java,
                  "-cp",
                  cp,
                  "kafka.tools.StorageTool",
                  "format",
                  "-t",
                  clusterId(),
                  "-c",
                  props.toString())
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("format.log").toFile())
              .start();
      if (!format.waitFor(60, TimeUnit.SECONDS) || format.exitValue() != 0) {
        format.destroyForcibly();
        throw new FixtureException(
            "kafka StorageTool format failed: " + Files.readString(dir.resolve("format.log")));
      }
      Process broker =
          new ProcessBuilder(List.of(java, "-Xmx512m", "-cp", cp, "kafka.Kafka", props.toString()))
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("broker.log").toFile())
              .start();
      KafkaFixture k = new KafkaFixture(dir, port, broker);
      if (!FreePort.awaitListening(port, START, broker)) {
        k.kill();
        throw new FixtureException(
            "the Kafka broker did not listen on "
                + port
                + " within "
                + START
                + "; see "
                + dir.resolve("broker.log"));
      }
      return k;
    } catch (IOException e) {
      throw new FixtureException("cannot start Kafka: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FixtureException("interrupted while starting Kafka", e);
    }
  }

  private static String properties(Path data, int port, int controller) {
    return String.join(
        "\n",
        "process.roles=broker,controller",
        "node.id=1",
        "controller.quorum.voters=1@127.0.0.1:" + controller,
        "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controller,
        "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
        "controller.listener.names=CONTROLLER",
        "inter.broker.listener.name=PLAINTEXT",
        "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
        "log.dirs=" + data,
        "num.partitions=1",
        "auto.create.topics.enable=true",
        "offsets.topic.replication.factor=1",
        "offsets.topic.num.partitions=1",
        "transaction.state.log.replication.factor=1",
        "transaction.state.log.min.isr=1",
        "share.coordinator.state.topic.replication.factor=1",
        "share.coordinator.state.topic.min.isr=1",
        "group.initial.rebalance.delay.ms=0",
        "");
  }

  /**
   * A random cluster id as Kafka writes them: 16 bytes, URL-safe base64 without padding, not
   * starting with '-' (the command line would read it as an option).
   */
  private static String clusterId() {
    SecureRandom random = new SecureRandom();
    byte[] b = new byte[16];
    String id;
    do {
      random.nextBytes(b);
      id = Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    } while (id.startsWith("-"));
    return id;
  }

  public String bootstrapServers() {
    return "127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  /** The broker's console output, for a failing test's message. */
  public Path log() {
    return dir.resolve("broker.log");
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** Kills the broker at once (SIGKILL), as a crash or a network cut looks to clients. */
  public void kill() {
    process.destroyForcibly();
    try {
      process.waitFor(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroy();
      try {
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
          kill();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        kill();
      }
    }
    ServerProcess.deleteTree(dir);
  }
}
