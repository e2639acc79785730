package io.dbscope.core.config;

import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code host:port} as written in {@code listenAddress} and {@code dbHost}: {@code
 * db1.example.com:5432}, {@code 10.0.0.5}, {@code :9630} (every interface), {@code [::1]:6379}
 * (IPv6 in brackets, as in URLs).
 *
 * @param host host name, IPv4 address or IPv6 address without brackets; may be empty
 * @param port the port, if written
 */
record HostPort(String host, OptionalInt port) {
  private static final Pattern BRACKETED =
      Pattern.compile("\\[([0-9A-Fa-f:.]+(?:%[\\w.-]+)?)](?::(.*))?");
  private static final Pattern HOST = Pattern.compile("[A-Za-z0-9._-]*");

  /**
   * @throws IllegalArgumentException naming what is wrong with the text
   */
  static HostPort parse(String text) {
    String s = text.strip();
    Matcher b = BRACKETED.matcher(s);
    if (b.matches()) {
      return new HostPort(
          b.group(1), b.group(2) == null ? OptionalInt.empty() : port(b.group(2), text));
    }
    if (s.startsWith("[")) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a bracketed IPv6 address ([::1]:5432)");
    }
    int colon = s.indexOf(':');
    if (colon >= 0 && s.indexOf(':', colon + 1) >= 0) {
      throw new IllegalArgumentException(
          "'" + text + "': write an IPv6 address in brackets, e.g. [::1]:5432");
    }
    String host = colon < 0 ? s : s.substring(0, colon);
    if (!HOST.matcher(host).matches()) {
      throw new IllegalArgumentException("'" + host + "' is not a host name or IP address");
    }
    return new HostPort(host, colon < 0 ? OptionalInt.empty() : port(s.substring(colon + 1), text));
  }

  private static OptionalInt port(String p, String text) {
    if (!p.matches("\\d{1,5}") || Integer.parseInt(p) > 65535) {
      throw new IllegalArgumentException(
          "'" + text + "' has no valid port (a number up to 65535 after the last ':')");
    }
    return OptionalInt.of(Integer.parseInt(p));
  }
}
