package io.dbscope.engine.mysql.custom;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbscope.sql.AllowedFunctions;
import io.dbscope.testkit.MariaDbFixture;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The MySQL/MariaDB list of functions custom queries may call ({@code functions-mysql.txt}), held
 * against a real MariaDB in which a stored function of the same name shadows every listed one:
 * written unquoted and directly before {@code (}, each listed name is the built-in (the stored
 * function never answers), and with a space before {@code (} (and no {@code IGNORE_SPACE}) each
 * name not marked "adjacent" still is. A name that is built in on MySQL only would fail here: on
 * MariaDB the stored function would answer.
 */
class MariaDbAllowedFunctionsTest {
  private static final String SHADOW = "4242";

  private static MariaDbFixture db;

  @BeforeAll
  static void start() throws Exception {
    db = MariaDbFixture.builder().start();
    try (Connection c = connect("mysql");
        Statement st = c.createStatement()) {
      st.execute("CREATE DATABASE shadow");
      for (String name : listed().keySet()) {
        st.execute("CREATE FUNCTION shadow.`" + name + "`() RETURNS INT RETURN " + SHADOW);
      }
    }
  }

  @AfterAll
  static void stop() {
    if (db != null) {
      db.close();
    }
  }

  /** Listed names and the comment on their line. */
  static Map<String, String> listed() throws IOException {
    Map<String, String> out = new LinkedHashMap<>();
    try (InputStream in = AllowedFunctions.class.getResourceAsStream("functions-mysql.txt")) {
      assertThat(in).as("functions-mysql.txt").isNotNull();
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        int hash = line.indexOf('#');
        String name = (hash >= 0 ? line.substring(0, hash) : line).strip();
        if (!name.isEmpty()) {
          out.put(name, hash >= 0 ? line.substring(hash + 1).strip() : "");
        }
      }
    }
    return out;
  }

  @Test
  void everyListedNameIsTheBuiltInNotAStoredFunctionOfThatName() throws Exception {
    Map<String, String> listed = listed();
    Set<String> adjacentShadowed = new TreeSet<>();
    Set<String> spacedShadowed = new TreeSet<>();
    try (Connection c = connect("shadow");
        Statement st = c.createStatement()) {
      st.execute("SET SESSION sql_mode = 'STRICT_TRANS_TABLES'");
      for (var e : listed.entrySet()) {
        if (SHADOW.equals(answer(st, "SELECT " + e.getKey() + "()"))) {
          adjacentShadowed.add(e.getKey());
        }
        boolean adjacentOnly = e.getValue().startsWith("adjacent");
        if (!adjacentOnly && SHADOW.equals(answer(st, "SELECT " + e.getKey() + " ()"))) {
          spacedShadowed.add(e.getKey());
        }
      }
      assertThat(answer(st, "SELECT `count`()")).as("the shadows are in place").isEqualTo(SHADOW);
    }

    assertThat(listed).hasSizeGreaterThan(200);
    assertThat(adjacentShadowed).as("answered by the stored function when written f()").isEmpty();
    assertThat(spacedShadowed).as("answered by the stored function when written f ()").isEmpty();
  }

  /** The first value of the first row, or the error (wrong argument count, syntax). */
  private static String answer(Statement st, String sql) {
    try (ResultSet rs = st.executeQuery(sql)) {
      return rs.next() ? rs.getString(1) : "";
    } catch (SQLException e) {
      return e.getMessage();
    }
  }

  static Connection connect(String database) throws SQLException {
    return DriverManager.getConnection(db.jdbcUrl(database), db.user(), db.password());
  }
}
