package io.dbscope.engine.redis;

import io.dbscope.core.config.DatasourceConfig;
import io.dbscope.core.engine.ConnectionsInUse;
import io.dbscope.core.engine.Session;
import io.dbscope.core.engine.Target;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import redis.clients.jedis.ClientSetInfoConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.SslOptions;
import redis.clients.jedis.exceptions.JedisConnectionException;

/**
 * A Redis datasource's connections: at most {@code maxOpenConns} (one is normal, since a scrape
 * uses one session serially), of which up to {@code maxIdleConns} are kept between scrapes. Nothing
 * connects before the first {@link #open}.
 *
 * <p>Invariants that keep a bad server from hurting a scrape:
 *
 * <ul>
 *   <li>Connecting (TCP, TLS, {@code AUTH}, {@code SELECT}) is bounded by the smaller of {@code
 *       connectTimeout} and the time {@code open} may take.
 *   <li>Every command's socket timeout is the timeout the caller gives the session, so a server
 *       that stops answering cannot hold a scrape past its deadline.
 *   <li>A connection that failed (I/O error, timeout) is closed, never reused; one that sat idle is
 *       checked with a {@code PING} sent ahead of its session's first commands (no round trip of
 *       its own, see {@link RedisSession}), so that a restarted server or a killed client costs a
 *       reconnect, not a failed scrape. Connections older than {@code connMaxLifetime} are
 *       replaced.
 * </ul>
 *
 * <p>Messages name {@code host:port/db}, never the password.
 */
final class RedisTarget implements Target {
  private final DatasourceConfig config;
  private final RedisEndpoint endpoint;
  private final IllegalArgumentException invalid;
  private final Semaphore permits;
  private final Deque<Pooled> idle = new ArrayDeque<>();
  private final AtomicInteger held = new AtomicInteger();
  private boolean closed;

  /** Definitions' commands, parsed once instead of on every scrape. */
  private final Map<String, RedisQuery> queries = new ConcurrentHashMap<>();

  /**
   * The server's {@code databases} setting with the {@code run_id} it was read under: it changes
   * only with a restart, so it is read again only when the run id changes.
   */
  private volatile Map.Entry<String, Integer> databases;

  /** A live connection and when it was made. */
  static final class Pooled {
    final SendingConnection connection;
    final long createdNanos;

    /**
     * Closed and no longer counted: a session whose reconnect failed still holds it and hands it
     * back when it closes.
     */
    private volatile boolean discarded;

    Pooled(SendingConnection connection) {
      this.connection = connection;
      this.createdNanos = System.nanoTime();
    }
  }

  /** INFO's keys, shared with the engine's other datasources. */
  private final KeyPool keys;

  /** INFO's wide rows' columns, shared with the engine's other datasources. */
  private final WideRow.Shapes shapes;

  RedisTarget(DatasourceConfig config, KeyPool keys, WideRow.Shapes shapes) {
    this.config = config;
    this.keys = keys;
    this.shapes = shapes;
    RedisEndpoint e = null;
    IllegalArgumentException bad = null;
    try {
      e = RedisEndpoint.of(config);
    } catch (IllegalArgumentException ex) {
      bad = ex;
    }
    this.endpoint = e;
    this.invalid = bad;
    this.permits = new Semaphore(Math.max(1, config.maxOpenConns()), true);
  }

  /** The invariants above: connecting, the pool's wait and every command have their timeouts. */
  @Override
  public boolean boundsItsWaits() {
    return true;
  }

  KeyPool keys() {
    return keys;
  }

  WideRow.Shapes shapes() {
    return shapes;
  }

  @Override
  public Session open(Duration timeout) throws Exception {
    if (invalid != null) {
      throw new IllegalArgumentException(invalid.getMessage(), invalid);
    }
    synchronized (this) {
      if (closed) {
        throw new IllegalStateException("datasource " + config.name() + " is closed");
      }
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    if (!permits.tryAcquire(Math.max(0, timeout.toNanos()), TimeUnit.NANOSECONDS)) {
      throw new ConnectionsInUse(
          "all " + config.maxOpenConns() + " connections to " + endpoint.address() + " are in use",
          null);
    }
    try {
      Pooled p = takeIdle();
      if (p != null) {
        return new RedisSession(p, this, false);
      }
      return new RedisSession(connect(deadline), this, true);
    } catch (Exception | Error e) {
      permits.release();
      throw e;
    }
  }

  RedisQuery query(String text) {
    return queries.computeIfAbsent(text, RedisQuery::parse);
  }

  DatasourceConfig config() {
    return config;
  }

  /** The database index the connections select. */
  int database() {
    return endpoint.database();
  }

  /** The {@code databases} setting read under {@code runId}, or null when not known. */
  Integer databases(String runId) {
    Map.Entry<String, Integer> d = databases;
    return d != null && d.getKey().equals(runId) ? d.getValue() : null;
  }

  void databases(String runId, int value) {
    databases = Map.entry(runId, value);
  }

  private Pooled takeIdle() {
    while (true) {
      Pooled p;
      synchronized (this) {
        p = idle.pollFirst();
      }
      if (p == null || !expired(p, System.nanoTime())) {
        return p;
      }
      discard(p);
    }
  }

  /**
   * Closes a connection that turned out dead when it was reused, and connects anew within {@code
   * deadline}; the session keeps its permit.
   */
  Pooled reconnect(Pooled dead, long deadline) {
    discard(dead);
    return connect(deadline);
  }

  private Pooled connect(long deadline) {
    long left = deadline - System.nanoTime();
    if (left <= 0) {
      throw new IllegalStateException(
          "connect timed out: the scrape deadline left no time to connect to "
              + endpoint.address());
    }
    int ms = millis(Math.min(left, config.connectTimeout().toNanos()));
    DefaultJedisClientConfig.Builder b =
        DefaultJedisClientConfig.builder()
            .connectionTimeoutMillis(ms)
            .socketTimeoutMillis(ms)
            .database(endpoint.database())
            .clientName("dbscope")
            .clientSetInfoConfig(ClientSetInfoConfig.DISABLED)
            // No HELLO: plain AUTH and RESP2 work on every Redis (HELLO needs 6+) and on managed
            // services that refuse HELLO.
            .autoNegotiateProtocol(false);
    if (endpoint.tls()) {
      // The JVM's default trust store and full hostname verification.
      b.sslOptions(SslOptions.defaults());
    }
    if (!endpoint.user().isEmpty()) {
      b.user(endpoint.user());
    }
    if (!endpoint.password().isEmpty()) {
      b.password(endpoint.password().reveal());
    }
    SendingConnection c;
    try {
      c = new SendingConnection(new HostAndPort(endpoint.host(), endpoint.port()), b.build());
    } catch (JedisConnectionException e) {
      throw withCause(e);
    }
    held.incrementAndGet();
    return new Pooled(c);
  }

  /**
   * Jedis reports "Failed to connect to host:port." and hides why (connection refused, timeout) in
   * a suppressed exception; making that the cause lets the log say why and the scrape classify the
   * failure.
   */
  private static JedisConnectionException withCause(JedisConnectionException e) {
    if (e.getCause() == null && e.getSuppressed().length > 0) {
      try {
        e.initCause(e.getSuppressed()[0]);
      } catch (IllegalStateException alreadySet) {
        // Keep the exception as it is.
      }
    }
    return e;
  }

  /** Called by the session when it closes. */
  void release(Pooled p, boolean reusable) {
    try {
      boolean keep;
      synchronized (this) {
        keep =
            reusable
                && !p.discarded
                && !closed
                && !p.connection.isBroken()
                && p.connection.isConnected()
                && !expired(p, System.nanoTime())
                && idle.size() < config.maxIdleConns();
        if (keep) {
          idle.addFirst(p);
        }
      }
      if (!keep) {
        discard(p);
      }
    } finally {
      permits.release();
    }
  }

  private boolean expired(Pooled p, long now) {
    long life = config.connMaxLifetime().toNanos();
    return life > 0 && now - p.createdNanos >= life;
  }

  private void discard(Pooled p) {
    synchronized (p) {
      if (p.discarded) {
        return;
      }
      p.discarded = true;
    }
    held.decrementAndGet();
    try {
      p.connection.close();
    } catch (RuntimeException e) {
      // Closing a dead socket: nothing to recover.
    }
  }

  /** A socket timeout in milliseconds: at least 1, since 0 would mean "wait forever". */
  static int millis(long nanos) {
    long ms = TimeUnit.NANOSECONDS.toMillis(nanos);
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, ms));
  }

  @Override
  public int connectionsHeld() {
    return held.get();
  }

  @Override
  public void close() {
    Deque<Pooled> toClose;
    synchronized (this) {
      closed = true;
      toClose = new ArrayDeque<>(idle);
      idle.clear();
    }
    toClose.forEach(this::discard);
  }
}
