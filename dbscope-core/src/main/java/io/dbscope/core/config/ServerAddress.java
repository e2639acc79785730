package io.dbscope.core.config;

import java.util.ArrayList;
import java.util.List;

/**
 * The server a datasource reads, as {@code host:port}: the value of a definition's {@code
 * serverLabel}. One value per datasource, so the label adds no series.
 *
 * <p>The community exporter that has such a label takes host and port from its DSN, the port
 * defaulting to the engine's; so does this, from {@code dbHost} or from the {@code url}'s hosts as
 * written. A URL with several hosts gives all of them ({@code h1:5432,h2:5433}); the exporter
 * refuses such a DSN, so no dashboard depends on another spelling. Credentials and the rest of a
 * URL never appear.
 *
 * <pre>{@code
 * ServerAddress.of("127.0.0.1", 5432, null);                                   // 127.0.0.1:5432
 * ServerAddress.of("x", 5432, "jdbc:postgresql://u:pw@db1,db2:5433/app");      // db1:5432,db2:5433
 * }</pre>
 */
final class ServerAddress {
  private ServerAddress() {}

  /**
   * @param host the datasource's host (from {@code dbHost}, or the URL's single host)
   * @param port its port, the engine's default when none was written
   * @param url the {@code url} as written, or null
   */
  static String of(String host, int port, String url) {
    String authority = url == null ? null : authority(url);
    if (authority == null || authority.isEmpty()) {
      return host + ":" + port;
    }
    List<String> out = new ArrayList<>();
    for (String h : authority.split(",")) {
      out.add(withPort(h.strip(), port));
    }
    return String.join(",", out);
  }

  /** The hosts part of {@code scheme://[credentials@]hosts/...}; null when the URL has none. */
  private static String authority(String url) {
    int slashes = url.indexOf("//");
    if (slashes < 0) {
      return null;
    }
    String rest = url.substring(slashes + 2);
    int end = rest.length();
    for (char c : new char[] {'/', '?', '#'}) {
      int i = rest.indexOf(c);
      if (i >= 0 && i < end) {
        end = i;
      }
    }
    String authority = rest.substring(0, end);
    return authority.substring(authority.lastIndexOf('@') + 1);
  }

  private static String withPort(String h, int port) {
    if (h.startsWith("[")) {
      // [::1]:5432: the exporter writes the address without brackets.
      int close = h.indexOf(']');
      if (close < 0) {
        return h;
      }
      String addr = h.substring(1, close);
      return h.startsWith(":", close + 1) ? addr + h.substring(close + 1) : addr + ":" + port;
    }
    int colon = h.indexOf(':');
    // No colon: the default port; several: a bare IPv6 address without a port.
    return colon >= 0 && h.indexOf(':', colon + 1) < 0 ? h : h + ":" + port;
  }
}
