package io.dbscope.engine.redis;

import io.dbscope.core.definition.Definition;
import io.dbscope.core.engine.ResultRows;
import io.dbscope.core.engine.ServerFacts;
import io.dbscope.core.engine.Session;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import redis.clients.jedis.BuilderFactory;
import redis.clients.jedis.Connection;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.resps.LatencyLatestInfo;
import redis.clients.jedis.resps.Slowlog;

/**
 * One borrowed Redis connection for one collection. It reads {@code INFO ALL} at most once and
 * answers every INFO-based definition of the scrape from that reply; every command runs with the
 * socket timeout the caller passes, so that a hanging server fails the command, not the scrape.
 *
 * <p>Not thread-safe, like every {@link Session}.
 */
final class RedisSession implements Session {
  /** Databases assumed when {@code CONFIG GET databases} is refused (Redis' own default). */
  static final int DEFAULT_DATABASES = 16;

  private final RedisTarget.Pooled pooled;
  private final RedisTarget target;
  private final Jedis jedis;
  private InfoText info;
  private Integer databases;
  private KeyChecks keyChecks;
  private boolean failed;
  private boolean closed;

  RedisSession(RedisTarget.Pooled pooled, RedisTarget target) {
    this.pooled = pooled;
    this.target = target;
    this.jedis = new Jedis(pooled.connection);
  }

  @Override
  public ServerFacts facts(Duration timeout) {
    return RedisFacts.of(info(timeout));
  }

  @Override
  public ResultRows query(Definition definition, Duration timeout) {
    RedisQuery q = target.query(definition.query());
    ResultRows rows =
        switch (q) {
          case RedisQuery.Info i -> info(i, timeout);
          case RedisQuery.ConfigGet c -> config(c, timeout);
          case RedisQuery.SlowlogLen s -> slowlogLen(command(timeout, jedis::slowlogLen));
          case RedisQuery.SlowlogLast s -> slowlogLast(command(timeout, () -> jedis.slowlogGet(1)));
          case RedisQuery.LatencyLatest l -> latencyLatest(command(timeout, jedis::latencyLatest));
          case RedisQuery.LatencyHistogram h ->
              LatencyHistogramRows.of(
                  command(timeout, () -> jedis.sendCommand(Protocol.Command.LATENCY, "HISTOGRAM")));
          case RedisQuery.ClientList l ->
              ClientListRows.of(command(timeout, jedis::clientList), nowSeconds());
          case RedisQuery.KeyCheck k -> command(timeout, () -> keyChecks().rows(k));
        };
    return bounded(rows, definition.limits().maxRows());
  }

  /**
   * The first {@code maxRows} rows, marked truncated when there were more: a custom {@code CONFIG
   * GET *} or {@code INFO} is cut like a custom SQL query. Built-ins are cut at 10,000 rows, which
   * no Redis reply reaches.
   */
  static ResultRows bounded(ResultRows rows, int maxRows) {
    if (maxRows <= 0 || rows.rows().size() <= maxRows) {
      return rows;
    }
    return new ResultRows(rows.columns(), rows.rows().subList(0, maxRows), true);
  }

  /**
   * Sends the commands of all {@code definitions} at once and reads their replies together: one
   * round trip per scrape instead of one per command, as PostgreSQL's batched statement. INFO is
   * sent once for all INFO-based definitions. An error reply fails the batch (the caller then runs
   * the definitions one by one and learns which one it was), except a refused {@code INFO ALL},
   * which falls back to plain INFO here as in {@link #query}.
   */
  @Override
  public Optional<Map<String, ResultRows>> batch(List<Definition> definitions, Duration timeout) {
    List<RedisQuery> queries = new ArrayList<>(definitions.size());
    boolean needInfo = false;
    int sent = 0;
    Connection c = pooled.connection;
    c.setSoTimeout(RedisTarget.millis(timeout.toNanos()));
    try {
      for (Definition d : definitions) {
        RedisQuery q = target.query(d.query());
        queries.add(q);
        needInfo |= q instanceof RedisQuery.Info;
      }
      if (needInfo && info == null) {
        c.sendCommand(Protocol.Command.INFO, "all");
        sent++;
      }
      for (RedisQuery q : queries) {
        switch (q) {
          case RedisQuery.Info i -> {
            continue;
          }
          case RedisQuery.KeyCheck check -> {
            continue;
          }
          case RedisQuery.ConfigGet g -> c.sendCommand(Protocol.Command.CONFIG, "GET", g.pattern());
          case RedisQuery.SlowlogLen s -> c.sendCommand(Protocol.Command.SLOWLOG, "LEN");
          case RedisQuery.SlowlogLast s -> c.sendCommand(Protocol.Command.SLOWLOG, "GET", "1");
          case RedisQuery.LatencyLatest l -> c.sendCommand(Protocol.Command.LATENCY, "LATEST");
          case RedisQuery.LatencyHistogram h ->
              c.sendCommand(Protocol.Command.LATENCY, "HISTOGRAM");
          case RedisQuery.ClientList l -> c.sendCommand(Protocol.Command.CLIENT, "LIST");
        }
        sent++;
      }
      List<Object> replies = c.getMany(sent);
      int next = 0;
      if (needInfo && info == null) {
        Object reply = replies.get(next++);
        if (!(reply instanceof JedisDataException)) {
          info = InfoText.parse(BuilderFactory.STRING.build(reply));
        }
      }
      Map<String, ResultRows> out = new HashMap<>();
      for (int k = 0; k < definitions.size(); k++) {
        RedisQuery q = queries.get(k);
        Object reply =
            q instanceof RedisQuery.Info || q instanceof RedisQuery.KeyCheck
                ? null
                : replies.get(next++);
        if (reply instanceof JedisDataException e) {
          throw e;
        }
        out.put(
            definitions.get(k).id(),
            switch (q) {
              case RedisQuery.Info i -> info(i, timeout);
              case RedisQuery.ConfigGet g -> config(g, BuilderFactory.STRING_MAP.build(reply));
              case RedisQuery.SlowlogLen s -> slowlogLen((Long) reply);
              case RedisQuery.SlowlogLast s -> slowlogLast(Slowlog.from(list(reply)));
              case RedisQuery.LatencyLatest l ->
                  latencyLatest(BuilderFactory.LATENCY_LATEST_RESPONSE.build(reply));
              case RedisQuery.LatencyHistogram h -> LatencyHistogramRows.of(reply);
              case RedisQuery.ClientList l ->
                  ClientListRows.of(BuilderFactory.STRING.build(reply), nowSeconds());
              // After the pipelined replies are read: they run commands of their own.
              case RedisQuery.KeyCheck check -> keyChecks().rows(check);
            });
      }
      return Optional.of(out);
    } catch (JedisDataException e) {
      throw e;
    } catch (RuntimeException e) {
      failed = true;
      throw e;
    }
  }

  @SuppressWarnings("unchecked")
  private static List<Object> list(Object reply) {
    return (List<Object>) reply;
  }

  private ResultRows info(RedisQuery.Info q, Duration timeout) {
    InfoText text = info(timeout);
    boolean keyspace =
        q.form() == RedisQuery.Form.RECORDS && q.sections().getFirst().equals("keyspace");
    return infoRows(q, text, keyspace ? databases(text, timeout) : 0);
  }

  /**
   * The rows of an INFO query, a pure function of the reply.
   *
   * @param databases the server's {@code databases} setting, for padding the keyspace
   */
  static ResultRows infoRows(RedisQuery.Info q, InfoText text, int databases) {
    return switch (q.form()) {
      case KEYVALUE -> KeyValueRows.of(text, q.sections());
      case ROW -> WideRow.of(text, q.sections());
      case RECORDS -> RecordRows.of(text, q.sections().getFirst(), databases);
      case PERCENTILES -> RecordRows.percentiles(text, q.sections().getFirst());
    };
  }

  private InfoText info(Duration timeout) {
    if (info == null) {
      String text;
      try {
        text = command(timeout, () -> jedis.info("all"));
      } catch (JedisDataException e) {
        // Some managed services refuse INFO ALL; plain INFO still has the default sections.
        text = command(timeout, jedis::info);
      }
      info = InfoText.parse(text);
    }
    return info;
  }

  /**
   * The server's {@code databases} setting, for padding the keyspace: 1 in cluster mode, {@value
   * #DEFAULT_DATABASES} when {@code CONFIG} is refused (renamed or disabled on managed Redis), as
   * redis_exporter assumes.
   */
  private int databases(InfoText text, Duration timeout) {
    String runId = text.value("run_id").orElse("");
    if (databases == null) {
      databases = target.databases(runId);
    }
    if (databases == null) {
      if (text.value("cluster_enabled").orElse("0").equals("1")) {
        databases = 1;
      } else {
        try {
          String v = command(timeout, () -> jedis.configGet("databases")).get("databases");
          databases = v == null ? DEFAULT_DATABASES : Integer.parseInt(v.strip());
        } catch (JedisDataException | NumberFormatException e) {
          databases = DEFAULT_DATABASES;
        }
      }
      target.databases(runId, databases);
    }
    return databases;
  }

  private ResultRows config(RedisQuery.ConfigGet q, Duration timeout) {
    return config(q, command(timeout, () -> jedis.configGet(q.pattern())));
  }

  private static ResultRows config(RedisQuery.ConfigGet q, Map<String, String> settings) {
    if (q.bufferLimits()) {
      String v = settings.get(q.pattern());
      if (v == null) {
        throw new IllegalStateException("CONFIG GET " + q.pattern() + " returned nothing");
      }
      return BufferLimitRows.of(v);
    }
    List<Object[]> rows = new ArrayList<>();
    settings.forEach(
        (k, v) -> {
          if (!RedisQuery.ConfigGet.secret(k)) {
            rows.add(q.settings() ? new Object[] {k, v, 1L} : new Object[] {k, v});
          }
        });
    return ResultRows.of(
        q.settings() ? List.of("key", "value", "one") : List.of("key", "value"), rows);
  }

  private KeyChecks keyChecks() {
    if (keyChecks == null) {
      keyChecks = new KeyChecks(jedis, target.config(), target.database());
    }
    return keyChecks;
  }

  private static long nowSeconds() {
    return System.currentTimeMillis() / 1000;
  }

  private static ResultRows slowlogLen(long len) {
    return rows(List.of("length"), new Object[] {len});
  }

  private static ResultRows slowlogLast(List<Slowlog> last) {
    if (last.isEmpty()) {
      return rows(List.of("id", "timestamp", "duration_usec"), new Object[] {0L, 0L, 0L});
    }
    Slowlog s = last.getFirst();
    return rows(
        List.of("id", "timestamp", "duration_usec"),
        new Object[] {s.getId(), s.getTimeStamp(), s.getExecutionTime()});
  }

  private static ResultRows latencyLatest(Map<String, LatencyLatestInfo> latest) {
    List<Object[]> rows = new ArrayList<>();
    latest.forEach(
        (event, l) ->
            rows.add(
                new Object[] {
                  event, l.getTimestamp(), l.getLastEventLatency(), l.getMaxEventLatency()
                }));
    return ResultRows.of(List.of("event", "timestamp", "latest_ms", "max_ms"), rows);
  }

  private static ResultRows rows(List<String> columns, Object[] row) {
    List<Object[]> rows = new ArrayList<>();
    rows.add(row);
    return ResultRows.of(columns, rows);
  }

  @Override
  public void ping(Duration timeout) {
    String reply = command(timeout, jedis::ping);
    if (!"PONG".equalsIgnoreCase(reply)) {
      throw new IllegalStateException("PING answered '" + reply + "'");
    }
  }

  /**
   * Runs one command with {@code timeout} as its socket timeout. An error reply ({@code
   * JedisDataException}) leaves the connection usable; any other failure (I/O, timeout) marks it
   * for closing.
   */
  private <T> T command(Duration timeout, Supplier<T> call) {
    pooled.connection.setSoTimeout(RedisTarget.millis(timeout.toNanos()));
    try {
      return call.get();
    } catch (JedisDataException e) {
      throw e;
    } catch (RuntimeException e) {
      failed = true;
      throw e;
    }
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      target.release(pooled, !failed);
    }
  }
}
