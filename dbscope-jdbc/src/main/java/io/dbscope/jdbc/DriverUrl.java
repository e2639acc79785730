package io.dbscope.jdbc;

import java.util.ArrayList;
import java.util.List;

/**
 * A {@code jdbc:dbscope:} URL taken apart: the URL the real driver gets and the datasource name.
 *
 * <pre>{@code
 * DriverUrl.parse("jdbc:dbscope:postgresql://db:5432/orders?ssl=true")
 * // target jdbc:postgresql://db:5432/orders?ssl=true, name db/orders
 * }</pre>
 */
record DriverUrl(String target, String name) {
  static DriverUrl parse(String url) {
    String rest = url.substring(DbscopeDriver.PREFIX.length());
    int q = rest.indexOf('?');
    String base = q < 0 ? rest : rest.substring(0, q);
    String name = null;
    List<String> kept = new ArrayList<>();
    if (q >= 0) {
      for (String p : rest.substring(q + 1).split("&")) {
        if (p.startsWith(DbscopeDriver.NAME_PARAMETER + "=")) {
          name = p.substring(DbscopeDriver.NAME_PARAMETER.length() + 1);
        } else if (!p.isEmpty()) {
          kept.add(p);
        }
      }
    }
    String target = "jdbc:" + base + (kept.isEmpty() ? "" : "?" + String.join("&", kept));
    if (name == null || name.isBlank()) {
      name = hostAndDatabase(base);
    }
    return new DriverUrl(target, name);
  }

  /** {@code postgresql://h1:5432,h2/db} gives {@code h1,h2/db}; no authority gives the base. */
  private static String hostAndDatabase(String base) {
    int slashes = base.indexOf("//");
    if (slashes < 0) {
      return base;
    }
    String after = base.substring(slashes + 2);
    int slash = after.indexOf('/');
    String authority = slash < 0 ? after : after.substring(0, slash);
    String database = slash < 0 ? "" : after.substring(slash + 1);
    int at = authority.lastIndexOf('@');
    String hosts = (at < 0 ? authority : authority.substring(at + 1)).replaceAll(":\\d+", "");
    return database.isEmpty() ? hosts : hosts + "/" + database;
  }
}
