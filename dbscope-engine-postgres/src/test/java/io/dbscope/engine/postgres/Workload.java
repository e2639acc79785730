package io.dbscope.engine.postgres;

import io.dbscope.testkit.PostgresFixture;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.postgresql.PGConnection;
import org.postgresql.PGProperty;
import org.postgresql.replication.LogSequenceNumber;
import org.postgresql.replication.PGReplicationStream;

/**
 * A small, bounded workload that leaves something to see in every built-in view while dbscope
 * collects: a table with inserts, updates, deletes and scans, a rolled-back transaction, a physical
 * slot, a logical WAL sender on its own slot (pg_stat_replication), and a transaction left open
 * holding a row lock (idle in transaction, pg_locks). Needs {@code wal_level=logical}.
 */
final class Workload implements AutoCloseable {
  static final String WALSENDER = "dbscope-test-walsender";
  static final String HOLDER = "dbscope-test-holder";
  static final String LOGICAL_SLOT = "dbscope_logical";
  static final String PHYSICAL_SLOT = "dbscope_physical";

  private final Connection setup;
  private final Connection replication;
  private final PGReplicationStream stream;
  private final Connection holder;

  private Workload(
      Connection setup, Connection replication, PGReplicationStream stream, Connection holder) {
    this.setup = setup;
    this.replication = replication;
    this.stream = stream;
    this.holder = holder;
  }

  static Workload start(PostgresFixture pg) throws SQLException, InterruptedException {
    Connection setup = pg.connect();
    try (Statement st = setup.createStatement()) {
      st.execute("CREATE TABLE workload (id serial PRIMARY KEY, v text, n int)");
      st.execute(
          "INSERT INTO workload (v, n) SELECT md5(i::text), i FROM generate_series(1, 2000) i");
      st.execute("CREATE TABLE no_index (v text)");
      st.execute("INSERT INTO no_index SELECT 'x' FROM generate_series(1, 100)");
      st.execute("UPDATE workload SET n = n + 1 WHERE id <= 200");
      st.execute("DELETE FROM workload WHERE id > 1900");
      try (ResultSet rs = st.executeQuery("SELECT count(*) FROM workload WHERE n > 10")) {
        rs.next();
      }
      try (ResultSet rs = st.executeQuery("SELECT v FROM workload WHERE id = 42")) {
        rs.next();
      }
      st.execute("ANALYZE workload");
      st.execute("SELECT pg_create_physical_replication_slot('" + PHYSICAL_SLOT + "', true)");
    }
    setup.setAutoCommit(false);
    try (Statement st = setup.createStatement()) {
      st.execute("INSERT INTO workload (v, n) VALUES ('rolled back', 0)");
    }
    setup.rollback();
    setup.setAutoCommit(true);

    // A logical WAL sender: created before any transaction is left open, since creating a
    // logical slot waits for running transactions.
    Properties p = new Properties();
    PGProperty.USER.set(p, pg.user());
    PGProperty.REPLICATION.set(p, "database");
    PGProperty.ASSUME_MIN_SERVER_VERSION.set(p, "10");
    PGProperty.PREFER_QUERY_MODE.set(p, "simple");
    PGProperty.APPLICATION_NAME.set(p, WALSENDER);
    Connection replication = DriverManager.getConnection(pg.jdbcUrl("postgres"), p);
    PGConnection rc = replication.unwrap(PGConnection.class);
    rc.getReplicationAPI()
        .createReplicationSlot()
        .logical()
        .withSlotName(LOGICAL_SLOT)
        .withOutputPlugin("test_decoding")
        .make();
    PGReplicationStream stream =
        rc.getReplicationAPI()
            .replicationStream()
            .logical()
            .withSlotName(LOGICAL_SLOT)
            .withStatusInterval(1, TimeUnit.SECONDS)
            .start();
    try (Statement st = setup.createStatement()) {
      st.execute("INSERT INTO workload (v, n) VALUES ('streamed', 1)");
    }
    acknowledgeSomething(stream);

    Connection holder = pg.connect();
    try (Statement st = holder.createStatement()) {
      st.execute("SET application_name = '" + HOLDER + "'");
    }
    holder.setAutoCommit(false);
    try (Statement st = holder.createStatement()) {
      st.execute("UPDATE workload SET n = 0 WHERE id = 1");
    }
    awaitWalSender(setup);
    return new Workload(setup, replication, stream, holder);
  }

  /** Reads until a change arrives and confirms it, so that the sender reports a replay position. */
  private static void acknowledgeSomething(PGReplicationStream stream)
      throws SQLException, InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (stream.readPending() == null) {
      if (System.nanoTime() > end) {
        throw new IllegalStateException("no change arrived on the logical replication stream");
      }
      Thread.sleep(20);
    }
    LogSequenceNumber lsn = stream.getLastReceiveLSN();
    stream.setAppliedLSN(lsn);
    stream.setFlushedLSN(lsn);
    stream.forceUpdateStatus();
  }

  private static void awaitWalSender(Connection c) throws SQLException, InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    String q =
        "SELECT count(*) FROM pg_stat_replication WHERE application_name = '"
            + WALSENDER
            + "' AND replay_lsn IS NOT NULL";
    while (true) {
      try (Statement st = c.createStatement();
          ResultSet rs = st.executeQuery(q)) {
        rs.next();
        if (rs.getInt(1) > 0) {
          return;
        }
      }
      if (System.nanoTime() > end) {
        throw new IllegalStateException("the WAL sender did not report a replay position");
      }
      Thread.sleep(50);
    }
  }

  @Override
  public void close() throws SQLException {
    try {
      holder.rollback();
      holder.close();
      stream.close();
    } finally {
      replication.close();
      setup.close();
    }
  }
}
