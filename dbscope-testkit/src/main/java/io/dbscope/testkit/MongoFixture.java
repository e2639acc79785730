package io.dbscope.testkit;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.exception.MongoServerError;
import io.dbscope.core.config.DatasourceBuilder;
import io.dbscope.core.config.DatasourceConfig;
import io.netty.channel.Channel;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A MongoDB wire-protocol server for tests: de.bwaldvogel's mongo-java-server (no {@code mongod}
 * can run here), on a free loopback port. Its own serverStatus is minimal (host, version, uptime,
 * connections.current, metrics.cursor), which is the test for fields a server does not report.
 * {@link #answer} makes it reply to a command with a recorded document instead (see {@code
 * src/main/resources/io/dbscope/testkit/mongodb/README.md} in dbscope-testkit} for where each was
 * recorded); {@link #refuse} makes it refuse a command as a server refuses an unauthorised one.
 */
public final class MongoFixture implements AutoCloseable {
  private final Map<String, Document> answers = new ConcurrentHashMap<>();
  private final Set<String> refused = ConcurrentHashMap.newKeySet();
  private final Map<String, List<?>> indexStats = new ConcurrentHashMap<>();
  private final Map<String, java.util.concurrent.atomic.AtomicInteger> received =
      new ConcurrentHashMap<>();
  private final MongoServer server;
  private final InetSocketAddress address;

  private MongoFixture() {
    server = new MongoServer(new Recorded());
    address = server.bind();
  }

  public static MongoFixture start() {
    return new MongoFixture();
  }

  public String host() {
    return address.getHostString();
  }

  public int port() {
    return address.getPort();
  }

  /** Replies to {@code command} with the recorded document {@code resource} (extended JSON). */
  public MongoFixture answer(String command, String resource) {
    answers.put(command.toLowerCase(java.util.Locale.ROOT), recorded(resource));
    return this;
  }

  /**
   * Replies to the {@code $indexStats} aggregation on {@code namespace} ({@code db.collection})
   * with the recorded result documents {@code resource} (a JSON array), as one aggregate cursor
   * batch, instead of mongo-java-server's own stage (which knows no real access counts).
   */
  public MongoFixture answerIndexStats(String namespace, String resource) {
    Object list = convert(org.bson.Document.parse("{\"r\": " + json(resource) + "}").get("r"));
    indexStats.put(namespace, (List<?>) list);
    return this;
  }

  /** Refuses {@code command} with code 13 (Unauthorized). */
  public MongoFixture refuse(String command) {
    refused.add(command.toLowerCase(java.util.Locale.ROOT));
    return this;
  }

  /** How many times the server received {@code command} (any case), for "one per scrape". */
  public int received(String command) {
    var n = received.get(command.toLowerCase(java.util.Locale.ROOT));
    return n == null ? 0 : n.get();
  }

  public DatasourceBuilder datasource(String name) {
    return DatasourceConfig.builder(name, "mongodb")
        .host(host())
        .port(port())
        .connectTimeout(Duration.ofSeconds(2))
        .queryTimeout(Duration.ofSeconds(2));
  }

  /** A recorded reply as its JSON text (extended JSON), for tests that read it themselves. */
  public static String json(String resource) {
    try (InputStream in = MongoFixture.class.getResourceAsStream("mongodb/" + resource)) {
      if (in == null) {
        throw new IllegalArgumentException("no recorded document " + resource);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A recorded reply: the JSON read by the driver's own parser, then in the server's types. */
  public static Document recorded(String resource) {
    return (Document) convert(org.bson.Document.parse(json(resource)));
  }

  /**
   * The driver's BSON values as mongo-java-server writes them; what it cannot write is left out.
   */
  private static Object convert(Object v) {
    return switch (v) {
      case Map<?, ?> m -> {
        Document d = new Document();
        m.forEach(
            (k, x) -> {
              Object c = convert(x);
              if (c != null) {
                d.put(k.toString(), c);
              }
            });
        yield d;
      }
      case List<?> l -> {
        List<Object> out = new ArrayList<>();
        l.forEach(x -> out.add(convert(x)));
        yield out;
      }
      case Date d -> d.toInstant();
      case String s -> s;
      case Integer i -> i;
      case Long l -> l;
      case Double d -> d;
      case Boolean b -> b;
      default -> null;
    };
  }

  @Override
  public void close() {
    server.shutdownNow();
  }

  private final class Recorded extends MemoryBackend {
    @Override
    public Document handleCommand(
        Channel channel, String databaseName, String command, Document query) {
      String c = command.toLowerCase(java.util.Locale.ROOT);
      received
          .computeIfAbsent(c, k -> new java.util.concurrent.atomic.AtomicInteger())
          .incrementAndGet();
      if (refused.contains(c)) {
        throw new MongoServerError(
            13, "Unauthorized", "not authorized on admin to execute command { " + command + " }");
      }
      List<?> stats = c.equals("aggregate") ? indexStats(databaseName, query) : null;
      if (stats != null) {
        Document cursor =
            new Document("id", 0L)
                .append("ns", databaseName + "." + query.get(command))
                .append("firstBatch", new ArrayList<>(stats));
        return new Document("cursor", cursor).append("ok", 1.0);
      }
      Document d = answers.get(c);
      if (d != null) {
        Document reply = d.cloneDeeply();
        reply.put("ok", 1.0);
        return reply;
      }
      return super.handleCommand(channel, databaseName, command, query);
    }

    /** The recorded answer when {@code query} is an aggregation starting with $indexStats. */
    private List<?> indexStats(String databaseName, Document query) {
      if (query.get("pipeline") instanceof List<?> pipeline
          && !pipeline.isEmpty()
          && pipeline.getFirst() instanceof Document stage
          && stage.containsKey("$indexStats")) {
        for (Map.Entry<String, Object> e : query.entrySet()) {
          if (e.getKey().equalsIgnoreCase("aggregate")) {
            return indexStats.get(databaseName + "." + e.getValue());
          }
        }
      }
      return null;
    }
  }
}
