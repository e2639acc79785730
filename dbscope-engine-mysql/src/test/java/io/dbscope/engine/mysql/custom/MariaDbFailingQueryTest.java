package io.dbscope.engine.mysql.custom;

import io.dbscope.engine.mysql.MariaDbUnderTest;
import io.dbscope.testkit.contract.FailingQueryContract;
import io.dbscope.testkit.contract.SqlEngineUnderTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * {@link FailingQueryContract} on MariaDB, whatever the SQLSTATE and error code: dbscope opens no
 * new connection scrape after scrape ({@code Connections} does not grow by dbscope's doing). Some
 * of the errors are ones HikariCP takes for a broken connection out of the box (SQLSTATE {@code
 * 0A000}, error code 1105); the statement errors are provoked by the query itself or raised with
 * {@code SIGNAL} by a stored function behind a view. Connected as a monitoring user with the usual
 * rights.
 */
class MariaDbFailingQueryTest extends FailingQueryContract {
  /** SQLSTATE and error code raised with SIGNAL, among them what HikariCP evicts for. */
  private static final Map<String, Integer> SIGNALLED =
      Map.of(
          "0A000", 1235, "HY000", 1105, "57P01", 1644, "JZ0C0", 1644, "40001", 1213, "45000", 1644);

  private MariaDbUnderTest db;

  @Override
  protected SqlEngineUnderTest start() {
    return db = MariaDbUnderTest.start();
  }

  @Override
  protected List<String> setup() {
    List<String> setup =
        new ArrayList<>(
            List.of(
                "SET GLOBAL log_bin_trust_function_creators = 1",
                "CREATE USER 'monitor'@'127.0.0.1' IDENTIFIED BY ''",
                "GRANT PROCESS, REPLICATION CLIENT ON *.* TO 'monitor'@'127.0.0.1'",
                "CREATE TABLE app.queue (name VARCHAR(20), depth INT) ENGINE=InnoDB",
                "INSERT INTO app.queue VALUES ('mail', 4), ('sms', 0), ('push', 12)",
                "CREATE DATABASE vault",
                "CREATE TABLE vault.secret (a INT)",
                "CREATE FUNCTION app.sneaky() RETURNS INT MODIFIES SQL DATA"
                    + " BEGIN INSERT INTO app.queue VALUES ('x', 1); RETURN 1; END",
                "CREATE VIEW app.sneaky_view AS SELECT app.sneaky() AS n",
                "CREATE VIEW app.slow AS SELECT SLEEP(5) AS n",
                "CREATE FUNCTION app.raise_08s01() RETURNS INT BEGIN SIGNAL SQLSTATE '08S01'"
                    + " SET MESSAGE_TEXT = 'raised 08S01', MYSQL_ERRNO = 1152; RETURN 1; END",
                "CREATE VIEW app.raise_08s01 AS SELECT app.raise_08s01() AS n",
                "GRANT SELECT ON app.* TO 'monitor'@'127.0.0.1'",
                "GRANT SELECT ON performance_schema.* TO 'monitor'@'127.0.0.1'"));
    SIGNALLED.forEach(
        (state, errno) -> {
          String name = "app.raise_" + state.toLowerCase(Locale.ROOT);
          setup.add(
              "CREATE FUNCTION "
                  + name
                  + "() RETURNS INT BEGIN SIGNAL SQLSTATE '"
                  + state
                  + "' SET MESSAGE_TEXT = 'raised "
                  + state
                  + "', MYSQL_ERRNO = "
                  + errno
                  + "; RETURN 1; END");
          setup.add("CREATE VIEW " + name + " AS SELECT " + name + "() AS n");
        });
    return setup;
  }

  @Override
  protected Stream<Arguments> failingQueries() {
    List<Arguments> out =
        new ArrayList<>(
            List.of(
                Arguments.of("42S02", "SELECT COUNT(*) AS n FROM app.nope"),
                Arguments.of("42S22", "SELECT nope AS n FROM app.queue"),
                Arguments.of("21000", "SELECT (SELECT depth FROM app.queue) AS n"),
                Arguments.of("22003", "SELECT 9223372036854775807 + 1 AS n"),
                Arguments.of("42000", "SELECT COUNT(*) AS n FROM vault.secret"),
                Arguments.of("25006", "SELECT n FROM app.sneaky_view"),
                Arguments.of("70100", "SELECT n FROM app.slow")));
    SIGNALLED.keySet().stream()
        .sorted()
        .forEach(
            state ->
                out.add(
                    Arguments.of(
                        state, "SELECT n FROM app.raise_" + state.toLowerCase(Locale.ROOT))));
    return out.stream();
  }

  /** An error that says the connection broke (SQLSTATE class 08) makes the pool drop it. */
  @Override
  protected Map<String, String> connectionLosingQueries() {
    return Map.of("broken", "SELECT n FROM app.raise_08s01");
  }
}
