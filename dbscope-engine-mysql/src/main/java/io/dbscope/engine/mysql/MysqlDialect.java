package io.dbscope.engine.mysql;

import io.dbscope.core.config.DatasourceConfig;
import io.dbscope.core.definition.ServerVersion;
import io.dbscope.core.engine.ServerFacts;
import io.dbscope.engine.sql.jdbc.JdbcDialect;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.mariadb.jdbc.message.client.ResetPacket;

/**
 * How dbscope reaches MySQL and MariaDB through the MariaDB driver (which speaks to both), and what
 * it reads about a server when it connects.
 *
 * <p>URL: the datasource's {@code url} when given ({@code jdbc:mysql:} is rewritten for the MariaDB
 * driver), else {@code jdbc:mariadb://host:port/database}. The password is never put in the URL;
 * {@code allowLocalInfile=false} is always added (see {@link MysqlUrl}). On a loopback host TLS is
 * switched off unless the URL says otherwise, because the driver refuses {@code
 * mysql_native_password} over a self-signed certificate, which is what a local server has; for
 * other hosts TLS is left to the URL.
 *
 * <p>Facts: version from {@code SELECT VERSION()} (MariaDB keeps its {@code -MariaDB} suffix in the
 * text), role from the replication status statement (a row means replica), extensions from the
 * active plugins, and {@code wsrep} when a Galera provider is loaded (PXC and MariaDB Galera).
 * Role, extensions and start time are best effort: a user without the privilege to read them still
 * gets a connection and the collectors that need nothing more.
 */
public final class MysqlDialect implements JdbcDialect {
  /**
   * MySQL renamed SHOW SLAVE STATUS to SHOW REPLICA STATUS in 8.0.22 and dropped the old name in
   * 8.4.
   */
  private static final ServerVersion REPLICA_SYNTAX = ServerVersion.parse("8.0.22");

  @Override
  public String jdbcUrl(DatasourceConfig config) {
    MysqlUrl url = url(config);
    Map<String, String> extra = new LinkedHashMap<>();
    if (url.loopback() && !setsTls(url)) {
      extra.put("sslMode", "disable");
    }
    return url.toJdbcUrl(extra);
  }

  /**
   * The datasource's URL taken apart: its own {@code url}, or one built from host, port and
   * database.
   */
  static MysqlUrl url(DatasourceConfig config) {
    if (config.url().isPresent()) {
      MysqlUrl u = MysqlUrl.parse(config.url().get().toString());
      // A URL without a database takes the datasource's database key, if any.
      return u.database().isEmpty() && config.database().isPresent()
          ? new MysqlUrl(u.prefix(), u.hosts(), config.database().get(), u.options())
          : u;
    }
    return MysqlUrl.of(config.host(), config.port(), config.database().orElse(""));
  }

  private static boolean setsTls(MysqlUrl url) {
    return url.has("sslMode") || url.has("useSsl") || url.has("useSSL") || url.has("requireSSL");
  }

  @Override
  public Properties driverProperties(DatasourceConfig config) {
    Properties p = new Properties();
    MysqlUrl url = url(config);
    if (!url.has("connectTimeout")) {
      p.setProperty(
          "connectTimeout", Long.toString(Math.max(1, config.connectTimeout().toMillis())));
    }
    p.setProperty("allowLocalInfile", "false");
    return p;
  }

  @Override
  public ServerFacts facts(Connection connection, Duration timeout) throws SQLException {
    int seconds = (int) Math.max(1, (timeout.toMillis() + 999) / 1000);
    String text;
    try (Statement st = statement(connection, seconds);
        ResultSet rs = st.executeQuery("SELECT VERSION()")) {
      text = rs.next() ? rs.getString(1) : "";
    }
    ServerVersion version = version(text);
    boolean mariadb = isMariaDb(text);
    return new ServerFacts(
        text,
        version,
        role(connection, seconds, replicationStatusQuery(mariadb, version)),
        extensions(connection, seconds),
        startTime(connection, seconds, mariadb));
  }

  /**
   * Custom (guarded) queries: with auto-commit off, {@code START TRANSACTION READ ONLY} opens the
   * transaction as read-only on the server (MySQL 5.6.5+, MariaDB 10.0+); the MariaDB driver uses
   * its own read-only flag for routing between replicas and does not tell a single server.
   */
  @Override
  public Optional<String> readOnlyTransaction() {
    return Optional.of("START TRANSACTION READ ONLY");
  }

  /**
   * One row at a time: the MariaDB driver reads a streamed result a fetch ahead, and it has no byte
   * bound of its own, so a larger fetch would hold that many rows (each up to the server's {@code
   * max_allowed_packet}) before dbscope sees the first. Rows arrive without further round trips
   * either way.
   */
  @Override
  public int guardedFetchSize(int maxRows) {
    return 1;
  }

  /**
   * The settings {@code COM_RESET_CONNECTION} sets back to the server's defaults although a new
   * connection has others: the character sets of the handshake, the SQL mode with the driver's
   * additions ({@code STRICT_TRANS_TABLES}, {@code IGNORE_SPACE} from the handshake), the time zone
   * and the driver's session tracking. Read from the server once per borrowed connection, so they
   * are what this connection had when it was new.
   */
  @Override
  public Optional<String> sessionSettings(Connection connection, Duration timeout)
      throws SQLException {
    if (!canReset(connection)) {
      return Optional.empty();
    }
    StringBuilder set = new StringBuilder("SET SESSION ");
    try (Statement st = connection.createStatement();
        ResultSet rs = st.executeQuery("SELECT " + String.join(", ", SESSION_SETTINGS))) {
      rs.next();
      for (int i = 0; i < SESSION_SETTINGS.size(); i++) {
        String v = rs.getString(i + 1);
        set.append(i == 0 ? "" : ", ")
            .append(SESSION_SETTINGS.get(i).substring("@@session.".length()))
            .append(" = ")
            .append(v == null ? "NULL" : literal(v));
      }
    }
    return Optional.of(set.toString());
  }

  /** Set back in this order: {@code collation_connection} sets the connection character set. */
  static final List<String> SESSION_SETTINGS =
      List.of(
          "@@session.character_set_client",
          "@@session.character_set_results",
          "@@session.collation_connection",
          "@@session.sql_mode",
          "@@session.time_zone",
          "@@session.session_track_system_variables",
          "@@session.session_track_schema");

  /** A number as it is (boolean settings read as 0 or 1 and take no quoted digits), else text. */
  private static String literal(String v) throws SQLException {
    if (v.matches("[0-9]+")) {
      return v;
    }
    if (v.indexOf('\\') >= 0) {
      throw new SQLException("a session setting holds a backslash, which cannot be set back: " + v);
    }
    return "'" + v.replace("'", "''") + "'";
  }

  /**
   * {@code COM_RESET_CONNECTION}: releases named locks ({@code GET_LOCK}) and table locks, drops
   * temporary tables, user variables and prepared statements, and sets session variables back to
   * the global ones; then the driver's own idea of the session (auto-commit, read-only, isolation,
   * its prepared statements) follows, and {@code settings} puts back what a new connection has. The
   * driver's {@code reset()} sends the command only to MariaDB, so it is sent here directly.
   */
  @Override
  public void resetSession(Connection connection, Optional<String> settings, Duration timeout)
      throws SQLException {
    if (!canReset(connection)) {
      throw new SQLFeatureNotSupportedException(
          "the server cannot reset a session (COM_RESET_CONNECTION needs MySQL 5.7.3 or MariaDB"
              + " 10.2.4)");
    }
    org.mariadb.jdbc.Connection c = connection.unwrap(org.mariadb.jdbc.Connection.class);
    c.getClient().execute(ResetPacket.INSTANCE, true);
    c.reset();
    if (settings.isPresent()) {
      try (Statement st = connection.createStatement()) {
        st.execute(settings.get());
      }
    }
  }

  private static boolean canReset(Connection connection) throws SQLException {
    org.mariadb.jdbc.client.ServerVersion v =
        connection.unwrap(org.mariadb.jdbc.Connection.class).getContext().getVersion();
    return v.isMariaDBServer()
        ? v.versionGreaterOrEqual(10, 2, 4)
        : v.versionGreaterOrEqual(5, 7, 3);
  }

  static ServerVersion version(String text) {
    try {
      return ServerVersion.parse(text);
    } catch (IllegalArgumentException e) {
      return ServerVersion.UNKNOWN;
    }
  }

  static boolean isMariaDb(String versionText) {
    return versionText.toLowerCase(Locale.ROOT).contains("mariadb");
  }

  /**
   * The statement that lists replication channels: MariaDB's {@code SHOW ALL SLAVES STATUS} sees
   * every named connection (plain {@code SHOW SLAVE STATUS} only the default one).
   */
  static String replicationStatusQuery(boolean mariadb, ServerVersion version) {
    if (mariadb) {
      return "SHOW ALL SLAVES STATUS";
    }
    return version.isKnown() && version.compareTo(REPLICA_SYNTAX) >= 0
        ? "SHOW REPLICA STATUS"
        : "SHOW SLAVE STATUS";
  }

  private static ServerFacts.Role role(Connection c, int seconds, String query) {
    try (Statement st = statement(c, seconds);
        ResultSet rs = st.executeQuery(query)) {
      return rs.next() ? ServerFacts.Role.REPLICA : ServerFacts.Role.PRIMARY;
    } catch (SQLException e) {
      // Typically no REPLICATION CLIENT privilege: the role is unknown, not "primary".
      return ServerFacts.Role.UNKNOWN;
    }
  }

  /**
   * Lower-cased names of the active plugins ({@code query_response_time}, {@code innodb}…). {@code
   * performance_schema} is listed only when it is switched on, since its plugin is active even when
   * {@code performance_schema=OFF}.
   */
  private static Set<String> extensions(Connection c, int seconds) {
    Set<String> out = new TreeSet<>();
    try (Statement st = statement(c, seconds);
        ResultSet rs =
            st.executeQuery(
                "SELECT LOWER(PLUGIN_NAME) FROM information_schema.PLUGINS"
                    + " WHERE PLUGIN_STATUS = 'ACTIVE'")) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    } catch (SQLException e) {
      return Set.of();
    }
    if (out.contains("performance_schema") && !performanceSchemaOn(c, seconds)) {
      out.remove("performance_schema");
    }
    // Debian's MariaDB lists an active wsrep plugin with no Galera provider, and PXC lists none:
    // the fact is the provider. The Galera collectors that read the provider's status need it,
    // and on a server without Galera they cost three statements per scrape for nothing.
    out.remove("wsrep");
    if (galeraProvider(c, seconds)) {
      out.add("wsrep");
    }
    return out;
  }

  /**
   * Whether a Galera provider is loaded: {@code wsrep_provider} names one (MySQL has no such
   * variable).
   */
  private static boolean galeraProvider(Connection c, int seconds) {
    try (Statement st = statement(c, seconds);
        ResultSet rs = st.executeQuery("SELECT @@wsrep_provider")) {
      String provider = rs.next() ? rs.getString(1) : null;
      return provider != null && !provider.isBlank() && !provider.equalsIgnoreCase("none");
    } catch (SQLException e) {
      return false;
    }
  }

  private static boolean performanceSchemaOn(Connection c, int seconds) {
    try (Statement st = statement(c, seconds);
        ResultSet rs = st.executeQuery("SELECT @@performance_schema")) {
      return rs.next() && rs.getInt(1) == 1;
    } catch (SQLException e) {
      return false;
    }
  }

  /**
   * Server start in whole seconds, from one statement so that it is exact: {@code UNIX_TIMESTAMP()}
   * and {@code Uptime} are both taken at the statement's start, so repeated reads give the same
   * instant and the facts only change on a restart.
   */
  private static Optional<Instant> startTime(Connection c, int seconds, boolean mariadb) {
    String table =
        mariadb ? "information_schema.GLOBAL_STATUS" : "performance_schema.global_status";
    try (Statement st = statement(c, seconds);
        ResultSet rs =
            st.executeQuery(
                "SELECT UNIX_TIMESTAMP() - CAST(VARIABLE_VALUE AS SIGNED) FROM "
                    + table
                    + " WHERE VARIABLE_NAME = 'Uptime'")) {
      return rs.next() ? Optional.of(Instant.ofEpochSecond(rs.getLong(1))) : Optional.empty();
    } catch (SQLException e) {
      return Optional.empty();
    }
  }

  private static Statement statement(Connection c, int seconds) throws SQLException {
    Statement st = c.createStatement();
    try {
      st.setQueryTimeout(seconds);
    } catch (SQLException e) {
      st.close();
      throw e;
    }
    return st;
  }
}
