package io.dbscope.engine.redis;

import io.dbscope.core.engine.ResultRows;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The rows of {@code CLIENT LIST}: one per connected client, with the fields redis_exporter's
 * {@code --export-client-list} turns into {@code redis_connected_client_*}. {@code host} and {@code
 * port} are split from {@code addr}; {@code created_at} and {@code idle_since} are Unix seconds
 * ({@code now - age}, {@code now - idle}); {@code one} is always 1. A field the server does not
 * send (older versions lack {@code ssub}, {@code resp}, {@code user}) is empty, so it gives no
 * sample.
 */
final class ClientListRows {
  static final List<String> COLUMNS =
      List.of(
          "id",
          "name",
          "host",
          "port",
          "db",
          "flags",
          "resp",
          "user",
          "created_at",
          "idle_since",
          "sub",
          "psub",
          "ssub",
          "qbuf",
          "qbuf_free",
          "obl",
          "oll",
          "omem",
          "tot_mem",
          "one");

  private ClientListRows() {}

  /**
   * @param nowSeconds the server's clock would be better, but age and idle are whole seconds
   *     anyway; the scrape's clock is what redis_exporter uses too
   */
  static ResultRows of(String reply, long nowSeconds) {
    List<Object[]> rows = new ArrayList<>();
    for (String line : reply.split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      Map<String, String> f = new HashMap<>();
      for (String pair : line.strip().split(" ")) {
        int eq = pair.indexOf('=');
        if (eq > 0) {
          f.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
      }
      String addr = f.getOrDefault("addr", "");
      int colon = addr.lastIndexOf(':');
      rows.add(
          new Object[] {
            f.getOrDefault("id", ""),
            f.getOrDefault("name", ""),
            colon < 0 ? addr : addr.substring(0, colon),
            colon < 0 ? "" : addr.substring(colon + 1),
            f.getOrDefault("db", ""),
            f.getOrDefault("flags", ""),
            f.getOrDefault("resp", ""),
            f.getOrDefault("user", ""),
            since(nowSeconds, f.get("age")),
            since(nowSeconds, f.get("idle")),
            f.get("sub"),
            f.get("psub"),
            f.get("ssub"),
            f.get("qbuf"),
            f.get("qbuf-free"),
            f.get("obl"),
            f.get("oll"),
            f.get("omem"),
            f.get("tot-mem"),
            1L
          });
    }
    return ResultRows.of(COLUMNS, rows);
  }

  private static Long since(long now, String seconds) {
    try {
      return seconds == null ? null : now - Long.parseLong(seconds);
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
