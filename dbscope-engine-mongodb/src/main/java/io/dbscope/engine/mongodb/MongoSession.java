package io.dbscope.engine.mongodb;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import io.dbscope.core.definition.Definition;
import io.dbscope.core.engine.ResultRows;
import io.dbscope.core.engine.ServerFacts;
import io.dbscope.core.engine.Session;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.bson.Document;

/**
 * One collection's use of a datasource's client. Each command runs at most once per session and
 * answers every definition that reads it, so the default collectors cost one {@code serverStatus}
 * per scrape. Every command carries the caller's timeout as its own deadline (the driver's
 * client-side operation timeout: server selection, connection check-out and the round trip
 * together), so that a server that stops answering fails the command, not the scrape.
 *
 * <p>Not thread-safe, like every {@link Session}.
 */
final class MongoSession implements Session {
  private final MongoClient client;
  private final MongoTarget target;
  private final Map<MongoQuery, Document> replies = new EnumMap<>(MongoQuery.class);

  MongoSession(MongoClient client, MongoTarget target) {
    this.client = client;
    this.target = target;
  }

  @Override
  public ServerFacts facts(Duration timeout) {
    return MongoFacts.of(reply(MongoQuery.SERVER_STATUS, timeout));
  }

  @Override
  public ResultRows query(Definition definition, Duration timeout) {
    MongoQuery q = target.query(definition.query());
    ResultRows rows =
        switch (q) {
          case SERVER_STATUS -> DocumentRows.keyValue(reply(q, timeout));
          case REPL_SET_GET_STATUS -> CommandRows.replSetStatus(reply(q, timeout));
          case TOP ->
              CommandRows.top(
                  reply(q, timeout), target.config().option(MongoOptions.COLLSTATS_LIMIT));
          case DB_STATS -> dbStats(timeout);
          case COLL_STATS -> collStats(timeout);
          case CURRENT_OP -> currentOp(timeout);
          case BUILD_INFO -> CommandRows.buildInfo(reply(q, timeout));
          case INDEX_STATS -> indexStats(timeout);
        };
    int max = definition.limits().maxRows();
    if (max > 0 && rows.rows().size() > max) {
      return new ResultRows(rows.columns(), rows.rows().subList(0, max), true);
    }
    return rows;
  }

  /** Slow operations as bounded rows per kind, and each one once as an event. */
  private ResultRows currentOp(Duration timeout) {
    Document reply = admin(timeout).runCommand(new Document("currentOp", 1).append("active", true));
    Duration threshold = target.config().option(MongoOptions.SLOW_OP_THRESHOLD);
    target.slowOperations().report(reply, threshold);
    return CommandRows.slowOperations(reply, threshold);
  }

  /** dbStats of every database listDatabases names, within one deadline. */
  private ResultRows dbStats(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    List<Object[]> rows = new ArrayList<>();
    Document list =
        admin(timeout).runCommand(new Document("listDatabases", 1).append("nameOnly", true));
    if (list.get("databases") instanceof List<?> dbs) {
      for (Object o : dbs) {
        if (o instanceof Document d && d.get("name") instanceof String name) {
          Duration left = Duration.ofNanos(deadline - System.nanoTime());
          Document stats =
              database(name, left).runCommand(new Document("dbStats", 1).append("scale", 1));
          CommandRows.dbStats(name, stats, rows);
        }
      }
    }
    return CommandRows.dbStatsRows(rows);
  }

  /**
   * collStats of the collections of every database but admin, config and local, in the order
   * listDatabases and listCollections give them, at most {@code collStatsLimit} (percona's
   * --collector.collstats-limit), all within one deadline.
   */
  private ResultRows collStats(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    List<Object[]> rows = new ArrayList<>();
    boolean cut =
        eachUserCollection(
            deadline,
            (db, coll) ->
                CommandRows.collStats(
                    db,
                    coll,
                    database(db, left(deadline)).runCommand(new Document("collStats", coll)),
                    rows));
    return new ResultRows(List.of("key", "value", "database", "collection"), rows, cut);
  }

  /**
   * The {@code $indexStats} aggregation of the same collections as collStats, bounded by the same
   * {@code collStatsLimit}, as percona's indexstats collector reads it.
   */
  private ResultRows indexStats(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    List<Object[]> rows = new ArrayList<>();
    List<Document> stage = List.of(new Document("$indexStats", new Document()));
    boolean cut =
        eachUserCollection(
            deadline,
            (db, coll) ->
                CommandRows.indexStats(
                    db,
                    coll,
                    database(db, left(deadline))
                        .getCollection(coll)
                        .aggregate(stage)
                        .into(new ArrayList<>()),
                    rows));
    return new ResultRows(CommandRows.INDEX_STATS_COLUMNS, rows, cut);
  }

  /**
   * Calls {@code each} for the collections of every database but admin, config and local, in the
   * order listDatabases and listCollections give them, at most {@code collStatsLimit} (percona's
   * --collector.collstats-limit); true when the limit cut the list.
   */
  private boolean eachUserCollection(long deadline, BiConsumer<String, String> each) {
    int limit = target.config().option(MongoOptions.COLLSTATS_LIMIT);
    int n = 0;
    Document list =
        admin(left(deadline)).runCommand(new Document("listDatabases", 1).append("nameOnly", true));
    if (list.get("databases") instanceof List<?> dbs) {
      for (Object o : dbs) {
        if (!(o instanceof Document d && d.get("name") instanceof String db)
            || SYSTEM_DATABASES.contains(db)) {
          continue;
        }
        for (String coll : database(db, left(deadline)).listCollectionNames()) {
          if (n++ >= limit) {
            return true;
          }
          each.accept(db, coll);
        }
      }
    }
    return false;
  }

  private static Duration left(long deadline) {
    return Duration.ofNanos(deadline - System.nanoTime());
  }

  private static final java.util.Set<String> SYSTEM_DATABASES =
      java.util.Set.of("admin", "config", "local");

  private Document reply(MongoQuery q, Duration timeout) {
    Document d = replies.get(q);
    if (d == null) {
      d = admin(timeout).runCommand(new Document(q.command(), 1));
      replies.put(q, d);
    }
    return d;
  }

  private MongoDatabase admin(Duration timeout) {
    return database("admin", timeout);
  }

  private MongoDatabase database(String name, Duration timeout) {
    long ms = Math.max(1, timeout.toMillis());
    return client.getDatabase(name).withTimeout(ms, TimeUnit.MILLISECONDS);
  }

  @Override
  public void ping(Duration timeout) {
    admin(timeout).runCommand(new Document("ping", 1));
  }

  @Override
  public void close() {
    // The client's pool took each connection back when its command ended.
  }
}
