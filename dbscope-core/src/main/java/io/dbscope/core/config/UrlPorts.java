package io.dbscope.core.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Range-checks the ports written in a {@code url}'s authority, in every form the engines take:
 * {@code redis://[user:password@]host:port}, {@code jdbc:postgresql://h1:5432,h2:5433/db}, {@code
 * jdbc:mariadb:replication://[::1]:3306,db2/app}, MySQL's {@code address=(host=h)(port=p)}. {@link
 * java.net.URI} cannot read a list of hosts, and the drivers only complain when they connect, so
 * without this a port such as 99999 passed {@code check}.
 *
 * <p>Problems never quote the URL, which may hold a password; only the port text is shown, taken
 * after the credentials.
 *
 * <pre>{@code
 * UrlPorts.problems("jdbc:postgresql://db1:99999/x"); // ["port 99999 is not between 1 and 65535"]
 * }</pre>
 */
final class UrlPorts {
  private static final Pattern ADDRESS_PORT =
      Pattern.compile("\\(\\s*port\\s*=([^)]*)\\)", Pattern.CASE_INSENSITIVE);

  private UrlPorts() {}

  /** One problem per bad port, in written order; empty when every written port is usable. */
  static List<String> problems(String url) {
    int slashes = url.indexOf("//");
    if (slashes < 0) {
      return List.of(); // jdbc:postgresql:db and the like: no host, so no port.
    }
    String rest = url.substring(slashes + 2);
    int end = indexOfAny(rest, "/?#");
    String authority = end < 0 ? rest : rest.substring(0, end);
    // MySQL's address=(...) form has no '/' inside; credentials end at the last '@'.
    authority = authority.substring(authority.lastIndexOf('@') + 1);
    List<String> out = new ArrayList<>();
    for (String host : authority.split(",")) {
      for (String port : ports(host.strip())) {
        check(port.strip(), out);
      }
    }
    return out;
  }

  private static List<String> ports(String host) {
    if (host.toLowerCase(Locale.ROOT).startsWith("address=")) {
      List<String> ports = new ArrayList<>();
      Matcher m = ADDRESS_PORT.matcher(host);
      while (m.find()) {
        ports.add(m.group(1));
      }
      return ports;
    }
    if (host.startsWith("[")) {
      int close = host.indexOf(']');
      return close >= 0 && host.startsWith(":", close + 1)
          ? List.of(host.substring(close + 2))
          : List.of();
    }
    int colon = host.indexOf(':');
    // No colon: the default port; several: a bare IPv6 address, which the drivers read whole.
    return colon < 0 || host.indexOf(':', colon + 1) >= 0
        ? List.of()
        : List.of(host.substring(colon + 1));
  }

  private static void check(String port, List<String> out) {
    if (port.isEmpty()) {
      return;
    }
    if (!port.matches("\\d+")) {
      out.add("port '" + port + "' is not a number between 1 and 65535");
    } else if (port.length() > 5 || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535) {
      out.add("port " + port + " is not between 1 and 65535");
    }
  }

  private static int indexOfAny(String s, String chars) {
    for (int i = 0; i < s.length(); i++) {
      if (chars.indexOf(s.charAt(i)) >= 0) {
        return i;
      }
    }
    return -1;
  }
}
