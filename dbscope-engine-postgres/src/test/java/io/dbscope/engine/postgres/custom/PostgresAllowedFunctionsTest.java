package io.dbscope.engine.postgres.custom;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbscope.sql.AllowedFunctions;
import io.dbscope.testkit.PostgresFixture;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The PostgreSQL list of functions custom queries may call ({@code functions-postgres.txt}), held
 * against {@code pg_catalog} of a real server: every name exists there (except those marked as read
 * by the grammar or gone from newer versions), and exactly the names marked "volatile:" are
 * VOLATILE there, so that a volatile function cannot join the list without its reason.
 */
class PostgresAllowedFunctionsTest {
  private static PostgresFixture pg;

  @BeforeAll
  static void start() {
    pg = PostgresFixture.builder().start();
  }

  @AfterAll
  static void stop() {
    if (pg != null) {
      pg.close();
    }
  }

  /** Listed names (no prefixes) and the comment on their line. */
  static Map<String, String> listed() throws IOException {
    Map<String, String> out = new LinkedHashMap<>();
    try (InputStream in = AllowedFunctions.class.getResourceAsStream("functions-postgres.txt")) {
      assertThat(in).as("functions-postgres.txt").isNotNull();
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        int hash = line.indexOf('#');
        String name = (hash >= 0 ? line.substring(0, hash) : line).strip();
        if (!name.isEmpty() && !name.endsWith("*")) {
          out.put(name, hash >= 0 ? line.substring(hash + 1).strip() : "");
        }
      }
    }
    return out;
  }

  @Test
  void everyListedNameIsAFunctionOfPgCatalogAndEachVolatileOneSaysWhy() throws Exception {
    Map<String, String> listed = listed();
    Set<String> missing = new TreeSet<>();
    Set<String> volatileUnmarked = new TreeSet<>();
    Set<String> markedNotVolatile = new TreeSet<>();
    try (Connection c = pg.connect();
        PreparedStatement st =
            c.prepareStatement(
                "SELECT count(*), count(*) FILTER (WHERE provolatile = 'v') FROM pg_proc"
                    + " WHERE pronamespace = 'pg_catalog'::regnamespace AND proname = ?")) {
      for (var e : listed.entrySet()) {
        String comment = e.getValue();
        if (comment.startsWith("grammar") || comment.startsWith("before PostgreSQL")) {
          continue;
        }
        st.setString(1, e.getKey());
        try (ResultSet rs = st.executeQuery()) {
          rs.next();
          boolean marked = comment.startsWith("volatile:");
          if (rs.getLong(1) == 0) {
            missing.add(e.getKey());
          } else if (rs.getLong(2) > 0 && !marked) {
            volatileUnmarked.add(e.getKey());
          } else if (rs.getLong(2) == 0 && marked) {
            markedNotVolatile.add(e.getKey());
          }
        }
      }
    }

    assertThat(listed).hasSizeGreaterThan(400);
    assertThat(missing).as("listed but not in pg_catalog").isEmpty();
    assertThat(volatileUnmarked).as("volatile without a 'volatile: why' comment").isEmpty();
    assertThat(markedNotVolatile).as("marked volatile but not volatile").isEmpty();
  }

  @Test
  void everyFunctionTheListAllowsByPrefixOnlyReads() throws SQLException {
    Set<String> names = new TreeSet<>();
    try (Connection c = pg.connect();
        PreparedStatement st =
            c.prepareStatement(
                "SELECT DISTINCT proname FROM pg_proc WHERE pronamespace ="
                    + " 'pg_catalog'::regnamespace AND proname LIKE 'pg\\_stat\\_get\\_%'");
        ResultSet rs = st.executeQuery()) {
      while (rs.next()) {
        names.add(rs.getString(1));
      }
    }

    assertThat(names).hasSizeGreaterThan(50).contains("pg_stat_get_activity");
    assertThat(names)
        .as("pg_stat_get_* are the statistics views' readers")
        .allSatisfy(n -> assertThat(n).doesNotContainPattern("_reset(?!_time)|clear|_set_|evict"));
  }
}
