package io.dbscope.engine.dameng;

import io.dbscope.core.config.DatasourceBuilder;
import io.dbscope.core.config.DatasourceConfig;
import io.dbscope.engine.sql.analytics.AnalyticsContext;
import io.dbscope.testkit.contract.EngineUnderTest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;

/**
 * The closest thing to a DM8 server that can run here: H2 in Oracle mode serving tables named as
 * DM8's {@code V$} views ({@code standin/dm8-views.sql}, whose header says where every row comes
 * from), reached by {@link DamengEngine} through H2's driver instead of DmJdbcDriver18. It proves
 * the mapping from rows to families and the planning around missing views; it proves nothing about
 * DM8's own SQL dialect beyond what H2 shares with it.
 */
public final class DamengStandIn implements EngineUnderTest {
  private final String url =
      "jdbc:h2:mem:dm8-" + UUID.randomUUID() + ";MODE=Oracle;DB_CLOSE_DELAY=-1";
  private final Connection keep;
  private final DamengEngine engine =
      new DamengEngine(AnalyticsContext.defaults(), org.h2.Driver::new);

  /** The stand-in with every view, then {@code changes} (to take views or columns away). */
  DamengStandIn(String... changes) throws SQLException {
    keep = DriverManager.getConnection(url, "sa", "");
    try (Statement st = keep.createStatement()) {
      for (String s : script()) {
        st.execute(s);
      }
      st.execute(
          "CREATE ALIAS SF_GET_SESSION_SQL FOR \""
              + DamengStandIn.class.getName()
              + ".sessionSql\"");
      st.execute("CREATE ALIAS SESSID FOR \"" + DamengStandIn.class.getName() + ".sessid\"");
      for (String s : changes) {
        st.execute(s);
      }
    }
  }

  /** The text DM8's SF_GET_SESSION_SQL would give for a session: constructed, per session id. */
  public static String sessionSql(long session) {
    return "SELECT * FROM ORDERS WHERE ID = " + (1000 + session);
  }

  /** DM8's SESSID(): the asking session; none of the stand-in's rows. */
  public static long sessid() {
    return -1;
  }

  private static List<String> script() {
    try (InputStream in = DamengStandIn.class.getResourceAsStream("/standin/dm8-views.sql")) {
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return List.of(text.split("(?m)^;\\s*$")).stream()
          .map(s -> s.replaceAll("(?m)^--.*$", "").strip())
          .filter(s -> !s.isEmpty())
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Runs statements on the stand-in, outside dbscope. */
  void sql(String... statements) throws SQLException {
    try (Statement st = keep.createStatement()) {
      for (String s : statements) {
        st.execute(s);
      }
    }
  }

  @Override
  public DamengEngine engine() {
    return engine;
  }

  @Override
  public String name() {
    return "dm";
  }

  @Override
  public DatasourceBuilder datasource(String name) {
    return DatasourceConfig.builder(name, "dameng")
        .url(URI.create(url))
        .user("sa")
        .registerHostMetrics(true);
  }

  @Override
  public String builtInCollector() {
    return "dm_instance";
  }

  @Override
  public String failingQuery() {
    return "SELECT NOPE AS N FROM V$NO_SUCH_VIEW";
  }

  @Override
  public void close() {
    try (Statement st = keep.createStatement()) {
      st.execute("SHUTDOWN");
    } catch (SQLException e) {
      // Already gone.
    }
    try {
      keep.close();
    } catch (SQLException e) {
      // Closed by the shutdown.
    }
  }
}
