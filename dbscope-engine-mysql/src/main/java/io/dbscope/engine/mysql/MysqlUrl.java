package io.dbscope.engine.mysql;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A MySQL/MariaDB JDBC URL taken apart: driver prefix, hosts, database and options. Pure: parsing
 * and writing never touch the network, so the security rules below are unit-tested.
 *
 * <p>Some driver options turn the monitoring connection into a way into the dbscope host: {@code
 * LOAD DATA LOCAL INFILE} lets the <em>server</em> ask for any file the client can read, {@code
 * autoDeserialize} makes the client deserialize Java objects the server sends, and a few options
 * name classes for the driver to load. dbscope only reads metrics, so it needs none of them; {@link
 * #problems()} reports them and {@link #toJdbcUrl} never passes them on.
 *
 * <pre>{@code
 * MysqlUrl u = MysqlUrl.parse("jdbc:mysql://db1:3306/app?useSSL=true");
 * u.toJdbcUrl(Map.of()); // jdbc:mariadb://db1:3306/app?useSSL=true&allowLocalInfile=false
 * }</pre>
 *
 * @param prefix {@code jdbc:mariadb:} or {@code jdbc:mysql:} plus an optional high-availability
 *     mode ({@code replication:}), up to and including {@code //}
 * @param hosts the host list as written ({@code h1:3306,h2}, {@code [::1]:3306}, {@code
 *     address=(host=…)(port=…)})
 * @param database the database, possibly empty
 * @param options options in written order, keys and values exactly as written (values are decoded
 *     only to check them, and passed on untouched)
 */
record MysqlUrl(String prefix, String hosts, String database, Map<String, String> options) {

  /** Options that enable LOAD DATA LOCAL INFILE: the server could read the client's files. */
  private static final List<String> LOCAL_INFILE =
      List.of(
          "allowlocalinfile",
          "allowloadlocalinfile",
          "allowurlinlocalinfile",
          "allowloadlocalinfileinpath");

  /** Options that make the driver deserialize what the server sends (remote code execution). */
  private static final List<String> DESERIALIZE = List.of("autodeserialize");

  /** Options naming classes the driver loads and runs (MariaDB and MySQL Connector/J). */
  private static final List<String> CLASS_LOADING =
      List.of(
          "socketfactory",
          "tlssockettype",
          "credentialtype",
          "codecs",
          "queryinterceptors",
          "statementinterceptors",
          "exceptioninterceptors",
          "connectionlifecycleinterceptors",
          "propertiestransform",
          "clientinfoprovider",
          "authenticationplugins",
          "loadbalanceexceptionchecker");

  /**
   * Credentials belong in dbUser/dbPwd, where they are kept out of logs (the driver quotes its URL
   * in error messages). MySQL Connector/J takes a second and third factor as password2/password3.
   */
  private static final List<String> SECRETS =
      List.of("password", "pwd", "password1", "password2", "password3");

  /** A password written as a host property: {@code address=(host=h)(password=...)}. */
  private static final Pattern ADDRESS_SECRET =
      Pattern.compile("\\(\\s*(password[123]?|pwd)\\s*=", Pattern.CASE_INSENSITIVE);

  private static final Pattern ADDRESS_HOST =
      Pattern.compile("host=([^)]+)", Pattern.CASE_INSENSITIVE);

  MysqlUrl {
    options = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(options));
  }

  /** A URL for a host, port and database: {@code jdbc:mariadb://host:port/database}. */
  static MysqlUrl of(String host, int port, String database) {
    String h = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    return new MysqlUrl("jdbc:mariadb://", h + ":" + port, database, Map.of());
  }

  /**
   * Parses a {@code jdbc:mariadb:} or {@code jdbc:mysql:} URL.
   *
   * @throws IllegalArgumentException with a readable reason when it is neither
   */
  static MysqlUrl parse(String url) {
    String lower = url.toLowerCase(Locale.ROOT);
    if (!lower.startsWith("jdbc:mariadb:") && !lower.startsWith("jdbc:mysql:")) {
      throw new IllegalArgumentException("must start with jdbc:mariadb:// or jdbc:mysql://");
    }
    int slashes = url.indexOf("//");
    if (slashes < 0) {
      throw new IllegalArgumentException("has no '//' before the host");
    }
    String prefix = url.substring(0, slashes + 2);
    String rest = url.substring(slashes + 2);
    int query = rest.indexOf('?');
    String path = query < 0 ? rest : rest.substring(0, query);
    int slash = path.indexOf('/');
    String hosts = slash < 0 ? path : path.substring(0, slash);
    String database = slash < 0 ? "" : path.substring(slash + 1);
    if (hosts.isEmpty()) {
      throw new IllegalArgumentException("has no host");
    }
    Map<String, String> options = new LinkedHashMap<>();
    if (query >= 0) {
      for (String pair : rest.substring(query + 1).split("&")) {
        if (pair.isEmpty()) {
          continue;
        }
        int eq = pair.indexOf('=');
        String key = eq < 0 ? pair : pair.substring(0, eq);
        String value = eq < 0 ? "" : pair.substring(eq + 1);
        options.put(key, value);
      }
    }
    return new MysqlUrl(prefix, hosts, database, options);
  }

  /**
   * Options dbscope refuses, each with the reason, in one readable line per option. Setting an
   * option of the dangerous kinds to {@code false} is accepted.
   */
  List<String> problems() {
    List<String> out = new ArrayList<>();
    if (hosts.contains("@")) {
      out.add(
          "credentials before the host are not supported: put the user in dbUser and the password"
              + " in dbPwd or dbPwdFile");
    }
    if (ADDRESS_SECRET.matcher(hosts).find()) {
      out.add(
          "a password in address=(...) is not allowed: put the password in dbPwd or dbPwdFile,"
              + " where it is kept out of logs and errors");
    }
    for (var e : options.entrySet()) {
      String reason = refusal(e.getKey(), e.getValue());
      if (reason != null) {
        out.add("option '" + e.getKey() + "' is not allowed: " + reason);
      }
    }
    return out;
  }

  /** Why an option is refused, or null when it is fine. */
  static String refusal(String key, String value) {
    String k = key.toLowerCase(Locale.ROOT);
    boolean off = isFalse(decode(value));
    if (LOCAL_INFILE.contains(k) && !off) {
      return "it lets the database server read files on the dbscope host (LOAD DATA LOCAL INFILE);"
          + " dbscope only reads metrics and never needs it";
    }
    if (DESERIALIZE.contains(k) && !off) {
      return "it makes the driver deserialize Java objects sent by the server, which lets a"
          + " malicious server run code inside dbscope";
    }
    if (CLASS_LOADING.contains(k)) {
      return "it names code for the driver to load and run; dbscope does not load classes named"
          + " in a datasource URL";
    }
    if (SECRETS.contains(k)) {
      return "put the password in dbPwd or dbPwdFile, where it is kept out of logs and errors";
    }
    return null;
  }

  private static boolean isFalse(String value) {
    String v = value.strip().toLowerCase(Locale.ROOT);
    return v.equals("false") || v.equals("0") || v.equals("no") || v.equals("off");
  }

  /** Whether an option is set, ignoring case. */
  boolean has(String option) {
    return options.keySet().stream().anyMatch(k -> k.equalsIgnoreCase(option));
  }

  /**
   * Whether every host is a loopback address (written as such: no name is resolved, so that
   * building a URL never blocks on DNS).
   */
  boolean loopback() {
    List<String> names = new ArrayList<>();
    if (hosts.toLowerCase(Locale.ROOT).contains("address=")) {
      Matcher m = ADDRESS_HOST.matcher(hosts);
      while (m.find()) {
        names.add(m.group(1).strip());
      }
    } else {
      for (String h : hosts.split(",")) {
        names.add(stripPort(h.strip()));
      }
    }
    return !names.isEmpty() && names.stream().allMatch(MysqlUrl::isLoopback);
  }

  private static String stripPort(String hostPort) {
    if (hostPort.startsWith("[")) {
      int end = hostPort.indexOf(']');
      return end < 0 ? hostPort : hostPort.substring(1, end);
    }
    int colon = hostPort.indexOf(':');
    // More than one colon and no brackets: a bare IPv6 address without a port.
    if (colon >= 0 && hostPort.indexOf(':', colon + 1) < 0) {
      return hostPort.substring(0, colon);
    }
    return hostPort;
  }

  static boolean isLoopback(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    return h.equals("localhost")
        || h.startsWith("127.")
        || h.equals("::1")
        || h.equals("0:0:0:0:0:0:0:1");
  }

  /**
   * Writes the URL for the MariaDB driver: {@code jdbc:mysql:} becomes {@code jdbc:mariadb:},
   * refused options are dropped, {@code extra} options are added unless the URL already sets them,
   * and {@code allowLocalInfile=false} always closes the list.
   */
  String toJdbcUrl(Map<String, String> extra) {
    StringBuilder sb = new StringBuilder();
    String p = prefix;
    if (p.toLowerCase(Locale.ROOT).startsWith("jdbc:mysql:")) {
      p = "jdbc:mariadb:" + p.substring("jdbc:mysql:".length());
    }
    sb.append(p).append(hosts).append('/').append(database);
    List<String> pairs = new ArrayList<>();
    for (var e : options.entrySet()) {
      if (refusal(e.getKey(), e.getValue()) == null && !LOCAL_INFILE.contains(lower(e.getKey()))) {
        pairs.add(e.getKey() + "=" + e.getValue());
      }
    }
    for (var e : extra.entrySet()) {
      if (!has(e.getKey())) {
        pairs.add(e.getKey() + "=" + encode(e.getValue()));
      }
    }
    pairs.add("allowLocalInfile=false");
    sb.append('?').append(String.join("&", pairs));
    return sb.toString();
  }

  private static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private static String decode(String value) {
    try {
      return URLDecoder.decode(value, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return value;
    }
  }
}
