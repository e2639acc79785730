package io.dbscope.engine.redis;

import io.dbscope.core.definition.Definition;
import io.dbscope.core.engine.Meanwhile;
import io.dbscope.core.engine.ResultRows;
import io.dbscope.core.engine.ServerFacts;
import io.dbscope.core.engine.Session;
import io.dbscope.core.scrape.ErrorKind;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import redis.clients.jedis.BuilderFactory;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.resps.Slowlog;

/**
 * One borrowed Redis connection for one collection. It reads {@code INFO ALL} at most once and
 * answers every INFO-based definition of the scrape from that reply; every command runs with the
 * socket timeout the caller passes, so that a hanging server fails the command, not the scrape.
 *
 * <p>A connection reused from the pool may have died while it sat idle (a restarted server, a
 * killed client, a dropped link). It is checked with a {@code PING} sent ahead of the session's
 * first commands, in the same write, instead of in a round trip of its own: one round trip per
 * scrape instead of two. When the connection turns out closed, or the {@code PING} is refused
 * ({@code NOAUTH} after a password change), the session connects anew and sends the commands again
 * (they only read); a timeout is not retried, since the deadline is spent.
 *
 * <p>Not thread-safe, like every {@link Session}.
 */
final class RedisSession implements Session {
  /** Databases assumed when {@code CONFIG GET databases} is refused (Redis' own default). */
  static final int DEFAULT_DATABASES = 16;

  private RedisTarget.Pooled pooled;
  private final RedisTarget target;
  private Jedis jedis;

  /** Whether the connection is known to be alive: made for this session, or checked. */
  private boolean verified;

  private InfoText info;
  private Integer databases;
  private KeyChecks keyChecks;
  private boolean failed;
  private boolean closed;

  RedisSession(RedisTarget.Pooled pooled, RedisTarget target, boolean verified) {
    this.pooled = pooled;
    this.target = target;
    this.jedis = new Jedis(pooled.connection);
    this.verified = verified;
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
          case RedisQuery.SlowlogLen s -> ReplyRows.slowlogLen(command(timeout, jedis::slowlogLen));
          case RedisQuery.SlowlogLast s ->
              ReplyRows.slowlogLast(command(timeout, () -> jedis.slowlogGet(1)));
          case RedisQuery.LatencyLatest l ->
              ReplyRows.latencyLatest(command(timeout, jedis::latencyLatest));
          case RedisQuery.LatencyHistogram h ->
              LatencyHistogramRows.of(
                  command(timeout, () -> jedis.sendCommand(Protocol.Command.LATENCY, "HISTOGRAM")),
                  target.keys());
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
    return batch(definitions, timeout, Meanwhile.NONE);
  }

  /** {@link #batch(List, Duration)}, running {@code meanwhile} once the commands are sent. */
  @Override
  public Optional<Map<String, ResultRows>> batch(
      List<Definition> definitions, Duration timeout, Meanwhile meanwhile) {
    if (verified) {
      return batch(definitions, timeout, false, meanwhile);
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    verified = true;
    try {
      return batch(definitions, timeout, true, meanwhile);
    } catch (StaleConnection | JedisConnectionException e) {
      reconnectUnlessTimedOut(e, deadline);
      Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
      return batch(definitions, left, false, meanwhile);
    }
  }

  /** The reply to a {@code PING} sent ahead of the commands was an error. */
  private static final class StaleConnection extends RuntimeException {
    private static final long serialVersionUID = 1L;

    StaleConnection(JedisDataException reply) {
      super("PING refused: " + reply.getMessage(), reply, false, false);
    }
  }

  private Optional<Map<String, ResultRows>> batch(
      List<Definition> definitions, Duration timeout, boolean ping, Meanwhile meanwhile) {
    List<RedisQuery> queries = new ArrayList<>(definitions.size());
    boolean needInfo = false;
    int sent = 0;
    SendingConnection c = pooled.connection;
    c.setSoTimeout(RedisTarget.millis(timeout.toNanos()));
    try {
      for (Definition d : definitions) {
        RedisQuery q = target.query(d.query());
        queries.add(q);
        needInfo |= q instanceof RedisQuery.Info;
      }
      if (ping) {
        c.sendCommand(Protocol.Command.PING);
        sent++;
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
      c.send();
      meanwhile.run();
      List<Object> replies = c.getMany(sent);
      int next = 0;
      if (ping && replies.get(next++) instanceof JedisDataException refused) {
        throw new StaleConnection(refused);
      }
      if (needInfo && info == null) {
        Object reply = replies.get(next++);
        if (!(reply instanceof JedisDataException)) {
          info =
              reply instanceof byte[] bytes
                  ? InfoText.parse(bytes, Instant.now(), target.keys())
                  : InfoText.parse(BuilderFactory.STRING.build(reply), target.keys());
        }
      }
      Map<String, ResultRows> out = new HashMap<>();
      // The same INFO shape for several definitions (commandstats for the calls, the latency
      // histograms and the percentiles) is shaped once: ResultRows are read, never changed.
      Map<RedisQuery.Info, ResultRows> shaped = new HashMap<>();
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
              case RedisQuery.Info i -> shaped.computeIfAbsent(i, x -> info(x, timeout));
              case RedisQuery.ConfigGet g ->
                  ReplyRows.config(g, BuilderFactory.STRING_MAP.build(reply));
              case RedisQuery.SlowlogLen s -> ReplyRows.slowlogLen((Long) reply);
              case RedisQuery.SlowlogLast s -> ReplyRows.slowlogLast(Slowlog.from(list(reply)));
              case RedisQuery.LatencyLatest l ->
                  ReplyRows.latencyLatest(BuilderFactory.LATENCY_LATEST_RESPONSE.build(reply));
              case RedisQuery.LatencyHistogram h -> LatencyHistogramRows.of(reply, target.keys());
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

  /**
   * After a reused connection failed its first exchange: a new connection within {@code deadline},
   * unless the failure was a timeout (the server is there but slow or hung, and the time is spent).
   */
  private void reconnectUnlessTimedOut(RuntimeException e, long deadline) {
    if (ErrorKind.of(e) == ErrorKind.TIMEOUT) {
      failed = true;
      throw e;
    }
    pooled = target.reconnect(pooled, deadline);
    jedis = new Jedis(pooled.connection);
    keyChecks = null;
    failed = false;
  }

  /** A {@code PING} of its own for a reused connection whose first use is not a batch. */
  private void verify(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    verified = true;
    try {
      pooled.connection.setSoTimeout(RedisTarget.millis(timeout.toNanos()));
      pooled.connection.ping();
    } catch (RuntimeException e) {
      reconnectUnlessTimedOut(e, deadline);
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
    return infoRows(q, text, keyspace ? databases(text, timeout) : 0, target.shapes());
  }

  /**
   * The rows of an INFO query, a pure function of the reply.
   *
   * @param databases the server's {@code databases} setting, for padding the keyspace
   * @param shapes the wide rows' columns made before
   */
  static ResultRows infoRows(
      RedisQuery.Info q, InfoText text, int databases, WideRow.Shapes shapes) {
    return switch (q.form()) {
      case KEYVALUE -> KeyValueRows.of(text, q.sections());
      case ROW -> WideRow.of(text, q.sections(), shapes);
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
      info = InfoText.parse(text, target.keys());
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
    return ReplyRows.config(q, command(timeout, () -> jedis.configGet(q.pattern())));
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

  @Override
  public void ping(Duration timeout) {
    if (!verified) {
      // The check is the ping; a new connection has just answered AUTH and SELECT.
      verify(timeout);
      return;
    }
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
    if (!verified) {
      verify(timeout);
    }
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
