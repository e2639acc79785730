package io.dbscope.testkit.contract;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * A SQL engine under test: besides the datasource, a connection of the admin's own outside dbscope
 * to prepare the server and to ask it what dbscope did, and the dialect the shared queries need.
 */
public interface SqlEngineUnderTest extends EngineUnderTest {

  /** A new connection to the server as its admin, outside dbscope. */
  Connection connect() throws SQLException;

  /** Statements that make the place {@link #table} names (a database), before a test's own. */
  List<String> prepare();

  /** A table the tests create, as a query names it: {@code queue} or {@code app.queue}. */
  String table(String name);

  /** A query of {@code count} rows: {@code id} as text and {@code n}, both 1 to {@code count}. */
  String series(int count);

  /** A query that sleeps {@code seconds}, its text containing {@code sleep(<seconds>)}. */
  String sleep(int seconds);

  /**
   * How many other sessions are running a statement whose text contains {@code text} (compared in
   * lower case) at this moment.
   */
  long running(String text) throws SQLException;

  /** A new watch on dbscope's pooled connections, made before a test's first scrape. */
  ConnectionWatch watchConnections() throws SQLException;
}
