package io.dbscope.core.scrape;

import io.dbscope.core.config.DatasourceConfig;
import io.dbscope.core.definition.CacheClass;
import io.dbscope.core.definition.Column;
import io.dbscope.core.definition.Definition;
import io.dbscope.core.definition.Mapping;
import io.dbscope.core.definition.ServerVersion;
import io.dbscope.core.definition.VersionRange;
import io.dbscope.core.engine.ConnectionsInUse;
import io.dbscope.core.engine.Engine;
import io.dbscope.core.engine.EngineResources;
import io.dbscope.core.engine.Meanwhile;
import io.dbscope.core.engine.ResultRows;
import io.dbscope.core.engine.ServerFacts;
import io.dbscope.core.engine.Session;
import io.dbscope.core.engine.StatefulCollector;
import io.dbscope.core.engine.Target;
import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An engine of the engine SPI whose "server" is a script: each definition answers one row {@code v}
 * after a delay, or throws what the test says. A query that would take longer than its timeout
 * fails with a timeout after the timeout, as a real server cancels it. Nothing is mocked: the
 * scrape code runs as it does against a database, only the rows are made up.
 */
final class ScriptedEngine implements Engine {
  private final List<Definition> definitions;
  private final List<StatefulCollector> stateful;
  private final Map<String, Duration> delays = new ConcurrentHashMap<>();
  private final Map<String, Exception> errors = new ConcurrentHashMap<>();
  private final AtomicInteger queries = new AtomicInteger();
  private final List<String> queried = new CopyOnWriteArrayList<>();
  private final List<List<String>> batches = new CopyOnWriteArrayList<>();
  private volatile boolean batching;
  private volatile boolean sendsFirst;
  private final AtomicInteger meanwhileRuns = new AtomicInteger();
  private volatile boolean reachable = true;
  private volatile Duration connectDelay = Duration.ZERO;
  private volatile boolean boundsItsWaits;
  private volatile boolean allInUse;
  private final List<Thread> connectedFrom = new CopyOnWriteArrayList<>();

  ScriptedEngine(List<Definition> definitions, List<StatefulCollector> stateful) {
    this.definitions = List.copyOf(definitions);
    this.stateful = List.copyOf(stateful);
  }

  ScriptedEngine(Definition... definitions) {
    this(List.of(definitions), List.of());
  }

  /** A definition mapping column {@code v} to the gauge {@code <id>_v}. */
  static Definition definition(String id, Duration ttl) {
    return definition(id, ttl, CacheClass.DEFAULT);
  }

  static Definition definition(String id, Duration ttl, CacheClass cache) {
    return new Definition(
        id,
        "Scripted " + id + ".",
        "SELECT v FROM " + id,
        ttl,
        Duration.ofSeconds(10),
        cache,
        VersionRange.ALL,
        Set.of(),
        "database",
        true,
        new Mapping.Columns(
            id,
            List.of(
                new Column(
                    "v",
                    Column.Usage.GAUGE,
                    Optional.of(id + "_v"),
                    Optional.empty(),
                    "V of " + id + ".",
                    1,
                    Map.of()))),
        "scripted.yaml:1");
  }

  /** Queries of {@code id} take {@code d}. */
  ScriptedEngine delay(String id, Duration d) {
    delays.put(id, d);
    return this;
  }

  /** Queries of {@code id} fail with {@code e}; null: they work again. */
  ScriptedEngine fail(String id, Exception e) {
    if (e == null) {
      errors.remove(id);
    } else {
      errors.put(id, e);
    }
    return this;
  }

  /**
   * Whether sessions read several definitions with one statement. A batch takes as long as its
   * slowest member and fails when any member fails, as one SQL statement does.
   */
  ScriptedEngine batching(boolean b) {
    batching = b;
    return this;
  }

  /**
   * Whether a batch runs the scrape's {@link Meanwhile} while it waits, as an engine that sends its
   * requests before it reads the replies (Redis).
   */
  ScriptedEngine sendsFirst(boolean b) {
    sendsFirst = b;
    return this;
  }

  /** How many times a batch ran a {@link Meanwhile} with work to do. */
  int meanwhileRuns() {
    return meanwhileRuns.get();
  }

  /** The ids of each batched statement, in order. */
  List<List<String>> batches() {
    return batches;
  }

  /** Whether connecting works; when not, it is refused. */
  ScriptedEngine reachable(boolean r) {
    reachable = r;
    return this;
  }

  /** Connecting takes {@code d} whatever its timeout, as a stuck driver that ignores it. */
  ScriptedEngine connectDelay(Duration d) {
    connectDelay = d;
    return this;
  }

  /**
   * The target declares that its waits end by their timeouts ({@link Target#boundsItsWaits}), and
   * keeps to it: a connect delay longer than the timeout fails as a timeout when it runs out.
   */
  ScriptedEngine boundingItsWaits() {
    boundsItsWaits = true;
    return this;
  }

  /**
   * Opening fails as every connection being in use by dbscope itself ({@link ConnectionsInUse}).
   */
  ScriptedEngine allInUse(boolean b) {
    allInUse = b;
    return this;
  }

  /** The threads that connected, in order. */
  List<Thread> connectedFrom() {
    return connectedFrom;
  }

  int queries() {
    return queries.get();
  }

  /** Ids queried, in order. */
  List<String> queried() {
    return queried;
  }

  @Override
  public String id() {
    return "scripted";
  }

  @Override
  public int defaultPort() {
    return 1;
  }

  @Override
  public String upMetric() {
    return "scripted_up";
  }

  @Override
  public List<Definition> definitions() {
    return definitions;
  }

  @Override
  public List<StatefulCollector> statefulCollectors(DatasourceConfig config) {
    return stateful;
  }

  @Override
  public Target open(DatasourceConfig config, EngineResources resources) {
    return target();
  }

  Target target() {
    return new Target() {
      @Override
      public Session open(Duration timeout) throws Exception {
        connectedFrom.add(Thread.currentThread());
        if (!reachable) {
          throw new ConnectException("Connection refused");
        }
        if (allInUse) {
          throw new ConnectionsInUse("all 1 connections to scripted are in use", null);
        }
        if (boundsItsWaits) {
          sleep(connectDelay, timeout);
        } else {
          Thread.sleep(connectDelay);
        }
        return new ScriptedSession();
      }

      @Override
      public boolean boundsItsWaits() {
        return boundsItsWaits;
      }

      @Override
      public void close() {}
    };
  }

  /** Sleeps {@code d}, but no longer than {@code timeout}, which then fails as a timeout. */
  private static void sleep(Duration d, Duration timeout) throws Exception {
    boolean tooLong = d.compareTo(timeout) > 0;
    Thread.sleep(tooLong ? timeout : d);
    if (tooLong) {
      throw new SQLTimeoutException("canceling statement due to statement timeout");
    }
  }

  private final class ScriptedSession implements Session {
    @Override
    public ServerFacts facts(Duration timeout) {
      return new ServerFacts(
          "scripted 1.0",
          ServerVersion.parse("1.0"),
          ServerFacts.Role.PRIMARY,
          Set.of(),
          Optional.empty());
    }

    @Override
    public ResultRows query(Definition def, Duration timeout) throws Exception {
      queries.incrementAndGet();
      queried.add(def.id());
      sleep(delays.getOrDefault(def.id(), Duration.ZERO), timeout);
      Exception e = errors.get(def.id());
      if (e != null) {
        throw e;
      }
      return ResultRows.of(List.of("v"), List.<Object[]>of(new Object[] {queries.get()}));
    }

    @Override
    public Optional<Map<String, ResultRows>> batch(List<Definition> defs, Duration timeout)
        throws Exception {
      if (!batching) {
        return Optional.empty();
      }
      List<String> ids = defs.stream().map(Definition::id).toList();
      batches.add(ids);
      Duration slowest =
          ids.stream()
              .map(id -> delays.getOrDefault(id, Duration.ZERO))
              .max(Duration::compareTo)
              .orElse(Duration.ZERO);
      sleep(slowest, timeout);
      for (String id : ids) {
        Exception e = errors.get(id);
        if (e != null) {
          throw new SQLException("batch failed: " + e.getMessage(), e);
        }
      }
      Map<String, ResultRows> rows = new HashMap<>();
      for (String id : ids) {
        rows.put(id, ResultRows.of(List.of("v"), List.<Object[]>of(new Object[] {0})));
      }
      return Optional.of(rows);
    }

    @Override
    public Optional<Map<String, ResultRows>> batch(
        List<Definition> defs, Duration timeout, Meanwhile meanwhile) throws Exception {
      if (!sendsFirst) {
        return batch(defs, timeout);
      }
      if (meanwhile != Meanwhile.NONE) {
        meanwhileRuns.incrementAndGet();
      }
      meanwhile.run();
      return batch(defs, timeout);
    }

    @Override
    public void ping(Duration timeout) throws Exception {
      if (!reachable) {
        throw new ConnectException("Connection refused");
      }
    }

    @Override
    public void close() {}
  }
}
