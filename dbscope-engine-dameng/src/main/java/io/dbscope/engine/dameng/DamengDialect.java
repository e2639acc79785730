package io.dbscope.engine.dameng;

import io.dbscope.core.config.DatasourceConfig;
import io.dbscope.core.definition.ServerVersion;
import io.dbscope.core.engine.ServerFacts;
import io.dbscope.engine.sql.jdbc.JdbcDialect;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.Driver;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How dbscope speaks to DM8 through DmJdbcDriver18: the URL ({@code jdbc:dm://host:5236}), a
 * connect and socket timeout from the datasource, and what the server is (version from the driver's
 * metadata, role from {@code V$INSTANCE.MODE$}, which optional views exist).
 */
final class DamengDialect implements JdbcDialect {
  private final Optional<Driver> driver;

  DamengDialect(Optional<Driver> driver) {
    this.driver = driver;
  }

  @Override
  public Optional<Driver> driver() {
    return driver;
  }

  @Override
  public String jdbcUrl(DatasourceConfig config) {
    if (config.url().isPresent()) {
      return config.url().get().toString();
    }
    String host = config.host().contains(":") ? "[" + config.host() + "]" : config.host();
    return "jdbc:dm://" + host + ":" + config.port();
  }

  /**
   * DmJdbcDriver18's {@code connectTimeout} and {@code socketTimeout} (milliseconds), so that an
   * address that never answers fails within the datasource's connect timeout.
   */
  @Override
  public Properties driverProperties(DatasourceConfig config) {
    Properties p = new Properties();
    if (!(driver.orElse(null) instanceof dm.jdbc.driver.DmDriver)) {
      return p; // the tests' stand-in takes no DM8 properties
    }
    p.setProperty("connectTimeout", Long.toString(config.connectTimeout().toMillis()));
    p.setProperty(
        "socketTimeout",
        Long.toString(config.queryTimeout().plus(config.connectTimeout()).toMillis()));
    return p;
  }

  @Override
  public ServerFacts facts(Connection connection, Duration timeout) throws SQLException {
    DatabaseMetaData md = connection.getMetaData();
    String text = md.getDatabaseProductName() + " " + md.getDatabaseProductVersion();
    ServerVersion version = new ServerVersion(parts(md.getDatabaseProductVersion()));
    ServerFacts.Role role = ServerFacts.Role.UNKNOWN;
    try (Statement st = connection.createStatement()) {
      st.setQueryTimeout((int) Math.max(1, timeout.toSeconds()));
      try (ResultSet rs = st.executeQuery("SELECT MODE$ FROM V$INSTANCE")) {
        if (rs.next()) {
          role =
              "STANDBY".equalsIgnoreCase(rs.getString(1))
                  ? ServerFacts.Role.REPLICA
                  : ServerFacts.Role.PRIMARY;
        }
      }
    }
    return new ServerFacts(
        text, version, role, DamengViews.read(connection, timeout), Optional.empty());
  }

  /**
   * The first dotted number of {@code text} ({@code 8.1.3.140} of {@code DM Database Server 64 V8
   * 8.1.3.140}), at most four parts; else the first number; else 0.
   */
  static List<Integer> parts(String text) {
    Matcher dotted = DOTTED.matcher(text);
    Matcher any = NUMBER.matcher(text);
    String found = dotted.find() ? dotted.group() : any.find() ? any.group() : "0";
    List<Integer> out = new ArrayList<>();
    for (String p : found.split("\\.")) {
      if (out.size() < 4) {
        out.add(Integer.parseInt(p));
      }
    }
    return out;
  }

  private static final Pattern DOTTED = Pattern.compile("\\d{1,6}(\\.\\d{1,6})+");
  private static final Pattern NUMBER = Pattern.compile("\\d{1,6}");

  /**
   * Guarded (custom) queries only read and are rolled back; nothing DM8-specific resets a session
   * without a round trip per setting, so nothing runs (as for the generic engine).
   */
  @Override
  public void resetSession(Connection connection, Optional<String> settings, Duration timeout) {
    // See the class comment of JdbcEngine's GenericDialect: the guard and the rollback bound it.
  }
}
