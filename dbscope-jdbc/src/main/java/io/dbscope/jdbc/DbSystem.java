package io.dbscope.jdbc;

import io.dbscope.sql.SqlDialect;
import java.util.Locale;

/**
 * The {@code db_system_name} of a connection (OpenTelemetry's well-known values where it has one)
 * and the SQL dialect its statement texts are read by, from the driver's product name.
 *
 * @param name label value, such as {@code postgresql} or {@code mariadb}
 * @param dialect how fingerprints read the texts
 * @param identityQuery a query naming the server a connection landed on, or null when unknown
 */
record DbSystem(String name, SqlDialect dialect, String identityQuery) {
  static DbSystem of(String productName) {
    String p = productName == null ? "" : productName.toLowerCase(Locale.ROOT);
    if (p.contains("postgres")) {
      return new DbSystem(
          "postgresql",
          SqlDialect.POSTGRES,
          "SELECT coalesce(host(inet_server_addr()), 'local') || ':' || current_setting('port')");
    }
    if (p.contains("mariadb")) {
      return new DbSystem("mariadb", SqlDialect.MYSQL, "SELECT CONCAT(@@hostname, ':', @@port)");
    }
    if (p.contains("mysql")) {
      return new DbSystem("mysql", SqlDialect.MYSQL, "SELECT CONCAT(@@hostname, ':', @@port)");
    }
    String name = p.replaceAll("[^a-z0-9_]+", "_");
    return new DbSystem(name.isEmpty() ? "other_sql" : name, SqlDialect.NEUTRAL, null);
  }
}
