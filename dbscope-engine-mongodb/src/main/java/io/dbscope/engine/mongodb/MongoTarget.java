package io.dbscope.engine.mongodb;

import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.event.ConnectionClosedEvent;
import com.mongodb.event.ConnectionCreatedEvent;
import com.mongodb.event.ConnectionPoolListener;
import io.dbscope.core.config.DatasourceConfig;
import io.dbscope.core.engine.Session;
import io.dbscope.core.engine.Target;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A MongoDB datasource's client: one driver {@link MongoClient} (its own small pool and server
 * monitor), made at the first {@link #open}, not before, so that a server that is down at start
 * does not stop dbscope. Sessions borrow it; closing the target closes the client and its pool.
 */
final class MongoTarget implements Target {
  private final DatasourceConfig config;
  private final AtomicInteger held = new AtomicInteger();
  private final Map<String, MongoQuery> queries = new ConcurrentHashMap<>();
  private MongoClient client;
  private boolean closed;

  private final SlowOperationEvents slowOperations;

  MongoTarget(DatasourceConfig config, SlowOperationEvents slowOperations) {
    this.config = config;
    this.slowOperations = slowOperations;
  }

  SlowOperationEvents slowOperations() {
    return slowOperations;
  }

  /**
   * Opening waits for nothing, and every command carries the caller's timeout as the driver's
   * client-side operation timeout (server selection, check-out and the round trip: MongoSession).
   */
  @Override
  public boolean boundsItsWaits() {
    return true;
  }

  @Override
  public Session open(Duration timeout) {
    return new MongoSession(client(), this);
  }

  private synchronized MongoClient client() {
    if (closed) {
      throw new IllegalStateException("datasource " + config.name() + " is closed");
    }
    if (client == null) {
      MongoClientSettings settings = MongoSettings.of(config, new Counter());
      client = MongoClients.create(settings);
    }
    return client;
  }

  MongoQuery query(String text) {
    return queries.computeIfAbsent(text, MongoQuery::parse);
  }

  DatasourceConfig config() {
    return config;
  }

  @Override
  public int connectionsHeld() {
    return held.get();
  }

  @Override
  public void close() {
    MongoClient c;
    synchronized (this) {
      closed = true;
      c = client;
      client = null;
    }
    if (c != null) {
      c.close();
    }
  }

  /** Counts the pool's open connections for {@code dbscope_datasource_connections}. */
  private final class Counter implements ConnectionPoolListener {
    @Override
    public void connectionCreated(ConnectionCreatedEvent event) {
      held.incrementAndGet();
    }

    @Override
    public void connectionClosed(ConnectionClosedEvent event) {
      held.decrementAndGet();
    }
  }
}
