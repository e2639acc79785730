package io.dbscope.engine.jdbc;

import java.util.List;
import java.util.Locale;
import java.util.Properties;

/**
 * Drivers that decide read-only when they open a database and refuse {@code
 * Connection.setReadOnly(true)} afterwards (dbscope's pool sets it on every connection). For those,
 * the engine asks for read-only at open, which is also the strongest guard there is: the database
 * file itself is opened without write access.
 *
 * <p>sqlite-jdbc: property {@code open_mode=1} ({@code SQLITE_OPEN_READONLY}); an {@code open_mode}
 * written in the URL would override it, so the URL may not set one.
 */
final class ReadOnlyOpen {
  private static final String SQLITE = "jdbc:sqlite:";

  private ReadOnlyOpen() {}

  /** The driver properties that open the database of {@code url} read-only; none if unknown. */
  static Properties properties(String url) {
    Properties p = new Properties();
    if (url.toLowerCase(Locale.ROOT).startsWith(SQLITE)) {
      p.setProperty("open_mode", "1");
    }
    return p;
  }

  /** Why {@code url} cannot be opened read-only as written; empty when it can. */
  static List<String> problems(String url) {
    String lower = url.toLowerCase(Locale.ROOT);
    if (lower.startsWith(SQLITE) && lower.matches(".*[?&]\\s*open_mode\\s*=.*")) {
      return List.of(
          "url: option open_mode is refused for SQLite: dbscope opens SQLite databases"
              + " read-only (open_mode=1) itself");
    }
    return List.of();
  }
}
