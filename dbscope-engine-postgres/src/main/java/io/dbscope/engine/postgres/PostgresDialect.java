package io.dbscope.engine.postgres;

import io.dbscope.core.config.DatasourceConfig;
import io.dbscope.core.definition.ServerVersion;
import io.dbscope.core.engine.ServerFacts;
import io.dbscope.engine.sql.jdbc.JdbcDialect;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * How dbscope talks to PostgreSQL through pgjdbc: the URL, the driver properties and the server
 * facts.
 *
 * <p>Credentials never go into the URL: HikariCP hands user and password to the driver as
 * properties, so a URL that is logged or shown by {@code check} cannot leak them. Driver settings
 * are properties too; pgjdbc lets parameters in a user's own {@code url} override them.
 *
 * <p>{@link #facts} reads version, role, extensions and start time in one round trip.
 */
public final class PostgresDialect implements JdbcDialect {
  private final BatchTexts batches;

  /** A dialect with batch texts of its own. */
  public PostgresDialect() {
    this(new BatchTexts());
  }

  /** A dialect sharing {@code batches} with the engine's other datasources. */
  PostgresDialect(BatchTexts batches) {
    this.batches = batches;
  }

  static final String URL_PREFIX = "jdbc:postgresql:";
  public static final String APPLICATION_NAME = "dbscope";

  /** One round trip for everything the planner needs; every function exists since 9.x. */
  static final String FACTS_QUERY =
      """
      SELECT current_setting('server_version') AS server_version,
             current_setting('server_version_num')::int AS server_version_num,
             pg_is_in_recovery() AS in_recovery,
             (SELECT coalesce(string_agg(extname, ',' ORDER BY extname), '')
                FROM pg_extension) AS extensions,
             extract(epoch FROM pg_postmaster_start_time())::float8 AS start_time\
      """;

  private static final Pattern PASSWORD_PARAM =
      Pattern.compile("[?&]password=", Pattern.CASE_INSENSITIVE);

  @Override
  public String jdbcUrl(DatasourceConfig config) {
    if (config.url().isPresent()) {
      return config.url().get().toString();
    }
    String host =
        config.host().contains(":") && !config.host().startsWith("[")
            ? "[" + config.host() + "]"
            : config.host();
    return URL_PREFIX
        + "//"
        + host
        + ":"
        + config.port()
        + "/"
        + URLEncoder.encode(database(config), StandardCharsets.UTF_8);
  }

  /** The database to connect to: the configured one, or {@code postgres}. */
  static String database(DatasourceConfig config) {
    return config.database().filter(d -> !d.isBlank()).orElse(PostgresEngine.DEFAULT_DATABASE);
  }

  /**
   * {@code ApplicationName} makes dbscope's sessions recognisable in {@code pg_stat_activity}; the
   * connect and login timeouts bound how long a down server can hold a scrape; keep-alive lets the
   * OS notice a dead peer behind a silent network.
   */
  @Override
  public Properties driverProperties(DatasourceConfig config) {
    Properties p = new Properties();
    String seconds = Long.toString(Math.max(1, (config.connectTimeout().toMillis() + 999) / 1000));
    p.setProperty("ApplicationName", APPLICATION_NAME);
    p.setProperty("connectTimeout", seconds);
    p.setProperty("loginTimeout", seconds);
    p.setProperty("tcpKeepAlive", "true");
    // A query past its timeout is cancelled over a second connection; against a server that
    // stopped answering, that cancel must not hold the collection for pgjdbc's default 10 s.
    p.setProperty("cancelSignalTimeout", seconds);
    // pgjdbc checks a row's size before it allocates it, and closes the connection past this
    // bound; dbscope's own byte bounds are checked only once a value is on the heap.
    p.setProperty("maxResultBuffer", Long.toString(driverBuffer(config)));
    return p;
  }

  /**
   * pgjdbc's {@code maxResultBuffer}: {@code customMaxResultBytes}, but at least {@link
   * #DRIVER_BUFFER_MIN} so that large built-in results (the batched statement on a server with
   * thousands of tables) are not refused. It bounds each exchange, so a custom query's fetch never
   * holds more than this, and a single huge value is refused before it is read.
   */
  static long driverBuffer(DatasourceConfig config) {
    return Math.max(config.customMaxResultBytes(), DRIVER_BUFFER_MIN);
  }

  static final long DRIVER_BUFFER_MIN = 64L << 20;

  /**
   * JIT off for dbscope's own sessions (PostgreSQL 11+; the CASE keeps older servers, which do not
   * know the setting, from failing the connection). The batched statement's estimated cost passes
   * {@code jit_above_cost}, and compiling it costs several milliseconds at every execution for
   * views that take a fraction of that to read.
   */
  @Override
  public Optional<String> connectionInitSql() {
    return Optional.of(
        "SELECT CASE WHEN current_setting('server_version_num')::int >= 110000"
            + " THEN set_config('jit', 'off', false) END");
  }

  @Override
  public ServerFacts facts(Connection connection, Duration timeout) throws SQLException {
    try (Statement st = connection.createStatement()) {
      st.setQueryTimeout((int) Math.max(1, (timeout.toMillis() + 999) / 1000));
      try (ResultSet rs = st.executeQuery(FACTS_QUERY)) {
        if (!rs.next()) {
          throw new SQLException("the server facts query returned no row");
        }
        double start = rs.getDouble("start_time");
        Optional<Instant> startTime =
            rs.wasNull()
                ? Optional.empty()
                : Optional.of(Instant.ofEpochMilli(Math.round(start * 1000)));
        return new ServerFacts(
            rs.getString("server_version"),
            version(rs.getInt("server_version_num"), rs.getString("server_version")),
            rs.getBoolean("in_recovery") ? ServerFacts.Role.REPLICA : ServerFacts.Role.PRIMARY,
            extensions(rs.getString("extensions")),
            startTime);
      }
    }
  }

  /**
   * Custom (guarded) queries: pgjdbc has already sent {@code BEGIN READ ONLY} for a read-only
   * connection without auto-commit; saying it again inside the transaction costs nothing and does
   * not depend on the driver's {@code readOnlyMode} setting.
   */
  @Override
  public Optional<String> readOnlyTransaction() {
    return Optional.of("SET TRANSACTION READ ONLY");
  }

  /**
   * One round trip per borrowed connection, before its first guarded query: the schema of dblink
   * and of postgres_fdw when they are installed and the session may close their connections
   * (checked per row of the extension only: the functions do not exist in other schemas).
   */
  static final String EXTENSIONS_QUERY =
      """
      SELECT (SELECT CASE WHEN has_function_privilege(s || '.dblink_get_connections()', 'EXECUTE')
                           AND has_function_privilege(s || '.dblink_disconnect(text)', 'EXECUTE')
                           AND has_function_privilege(s || '.dblink_disconnect()', 'EXECUTE')
                          THEN s END
                FROM (SELECT quote_ident(n.nspname) AS s FROM pg_extension x
                        JOIN pg_namespace n ON n.oid = x.extnamespace
                       WHERE x.extname = 'dblink') e),
             (SELECT CASE WHEN has_function_privilege(
                                 to_regprocedure(s || '.postgres_fdw_disconnect_all()')::oid,
                                 'EXECUTE')
                          THEN s END
                FROM (SELECT quote_ident(n.nspname) AS s FROM pg_extension x
                        JOIN pg_namespace n ON n.oid = x.extnamespace
                       WHERE x.extname = 'postgres_fdw') e)\
      """;

  /**
   * What user SQL can leave in a session although its transaction was rolled back, and how it goes:
   * session advisory locks ({@code pg_advisory_unlock_all}), statements prepared with SQL {@code
   * PREPARE} (listed first and deallocated by name, see {@link #resetSession}), the sequences' last
   * values; cursors, {@code LISTEN}, temporary tables and settings end with the transaction, and
   * the statements close whatever might not have. Not {@code DISCARD ALL}: its {@code DEALLOCATE
   * ALL} drops the statements pgjdbc prepared for the built-ins too, which are then parsed and
   * planned again on every scrape (measured: scrapes of 4 ms took 11 to 18 ms with one custom
   * query), and its {@code RESET ALL} drops the application name.
   */
  static final String RESET =
      "SELECT name FROM pg_prepared_statements WHERE from_sql; SELECT pg_advisory_unlock_all();"
          + " CLOSE ALL; UNLISTEN *; DISCARD TEMP; DISCARD SEQUENCES";

  /**
   * The connections that dblink and postgres_fdw keep open per session, closed after every guarded
   * query when those extensions are installed; {@code RESET} leaves them alone. dblink's unnamed
   * connection can only be closed by trying.
   */
  @Override
  public Optional<String> sessionSettings(Connection connection, Duration timeout)
      throws SQLException {
    String dblink;
    String fdw;
    try (Statement st = connection.createStatement()) {
      st.setQueryTimeout((int) Math.max(1, (timeout.toMillis() + 999) / 1000));
      try (ResultSet rs = st.executeQuery(EXTENSIONS_QUERY)) {
        rs.next();
        dblink = rs.getString(1);
        fdw = rs.getString(2);
      }
    }
    List<String> sql = new ArrayList<>();
    if (dblink != null) {
      sql.add(
          "SELECT %1$s.dblink_disconnect(c) FROM unnest(%1$s.dblink_get_connections()) c"
              .formatted(dblink));
      sql.add(
          ("DO $dbscope$BEGIN PERFORM %s.dblink_disconnect();"
                  + " EXCEPTION WHEN connection_does_not_exist THEN NULL; END$dbscope$")
              .formatted(dblink));
    }
    if (fdw != null) {
      sql.add("SELECT %s.postgres_fdw_disconnect_all()".formatted(fdw));
    }
    return sql.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", sql));
  }

  /**
   * {@link #RESET} and {@code settings} in one round trip; a second one only when the query left
   * statements prepared with SQL {@code PREPARE}.
   */
  @Override
  public void resetSession(Connection connection, Optional<String> settings, Duration timeout)
      throws SQLException {
    try (Statement st = connection.createStatement()) {
      st.setQueryTimeout((int) Math.max(1, (timeout.toMillis() + 999) / 1000));
      st.execute(RESET + settings.map(s -> "; " + s).orElse(""));
      List<String> prepared = new ArrayList<>();
      try (ResultSet rs = st.getResultSet()) {
        while (rs.next()) {
          prepared.add(rs.getString(1));
        }
      }
      for (String name : prepared) {
        st.execute("DEALLOCATE \"" + name.replace("\"", "\"\"") + "\"");
      }
    }
  }

  @Override
  public Optional<String> resultTooLarge(SQLException e) {
    String m = e.getMessage();
    if (m == null || !m.startsWith("Result set exceeded maxResultBuffer limit")) {
      return Optional.empty();
    }
    return Optional.of(
        "the result is larger than pgjdbc may read at once (its maxResultBuffer:"
            + " customMaxResultBytes, at least "
            + DRIVER_BUFFER_MIN
            + " bytes): "
            + m.strip());
  }

  /**
   * All of a scrape's due built-in queries as one statement: each query's rows aggregated with
   * {@code json_agg}, one column per query. One parse, one plan and one round trip instead of one
   * each: on loopback most of a small query's cost is the exchange, not the work. The query texts
   * are the built-ins' own; each sits on its own lines so that a trailing comment cannot swallow
   * the wrapper.
   */
  @Override
  public Optional<String> batch(List<String> queries, int maxRows) {
    return Optional.of(batches.of(queries, maxRows, q -> batchText(q, maxRows)));
  }

  private static String batchText(List<String> queries, int maxRows) {
    StringBuilder sql = new StringBuilder(4096).append("SELECT");
    for (int i = 0; i < queries.size(); i++) {
      sql.append(i == 0 ? "\n" : ",\n")
          .append(" (SELECT json_agg(q) FROM (SELECT * FROM (\n")
          .append(strip(queries.get(i)))
          .append("\n) s LIMIT ")
          .append(maxRows + 1)
          .append(") q) AS r")
          .append(i);
    }
    return sql.toString();
  }

  /** The query without trailing semicolons and blanks. */
  private static String strip(String query) {
    String q = query.strip();
    while (q.endsWith(";")) {
      q = q.substring(0, q.length() - 1).strip();
    }
    return q;
  }

  /**
   * The version from {@code server_version_num}, which is exact and free of vendor suffixes: {@code
   * 130023} is 13.23 and {@code 90624} is 9.6.24. Falls back to the text when the number is missing
   * (some forks report 0).
   */
  static ServerVersion version(int num, String text) {
    if (num <= 0) {
      return text == null || text.isBlank() ? ServerVersion.UNKNOWN : ServerVersion.parse(text);
    }
    if (num >= 100_000) {
      return new ServerVersion(List.of(num / 10_000, num % 10_000));
    }
    return new ServerVersion(List.of(num / 10_000, num / 100 % 100, num % 100));
  }

  static Set<String> extensions(String csv) {
    if (csv == null || csv.isBlank()) {
      return Set.of();
    }
    return Arrays.stream(csv.split(","))
        .map(String::strip)
        .filter(s -> !s.isEmpty())
        .collect(Collectors.toUnmodifiableSet());
  }

  static boolean hasPasswordParameter(String url) {
    return PASSWORD_PARAM.matcher(url).find();
  }

  /**
   * pgjdbc options that name a class for the driver to load and run (socket and SSL factories,
   * callbacks, authentication plugins): a URL in a config file must not be a way to run code in
   * dbscope.
   */
  static final List<String> UNSAFE_OPTIONS =
      List.of(
          "socketFactory",
          "socketFactoryArg",
          "sslfactory",
          "sslfactoryarg",
          "sslhostnameverifier",
          "sslpasswordcallback",
          "authenticationPluginClassName",
          "loggerFile");

  /** The unsafe options a URL sets, in the URL's spelling of {@link #UNSAFE_OPTIONS}. */
  static List<String> unsafeOptions(String url) {
    int q = url.indexOf('?');
    if (q < 0) {
      return List.of();
    }
    List<String> found = new java.util.ArrayList<>();
    for (String kv : url.substring(q + 1).split("&")) {
      String key = kv.contains("=") ? kv.substring(0, kv.indexOf('=')) : kv;
      for (String unsafe : UNSAFE_OPTIONS) {
        if (unsafe.equalsIgnoreCase(key)) {
          found.add(unsafe);
        }
      }
    }
    return found;
  }

  /** The URL with any {@code password=} value masked, safe for messages. */
  static String redact(String url) {
    return url.replaceAll("(?i)([?&]password=)[^&]*", "$1******").replaceAll("//[^/@]*@", "//");
  }
}
