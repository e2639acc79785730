package io.dbscope.engine.redis;

import io.dbscope.core.config.DatasourceConfig;
import io.dbscope.core.config.Secret;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Where and how to reach one Redis server, resolved from a datasource's config: either {@code url =
 * "redis://[user:password@]host:port/db"} ({@code rediss://} for TLS), or {@code dbHost}, {@code
 * dbUser}, {@code dbPwd} and {@code database} (a db index). Credentials in the URL win over {@code
 * dbUser}/{@code dbPwd}; a db in the URL path wins over {@code database}.
 *
 * <p>{@link #toString()} never shows the password.
 *
 * @param user ACL user (Redis 6+), empty for the {@code default} user
 * @param password empty when the server needs none
 * @param database the index to {@code SELECT}, 0 by default
 * @param tls whether to connect with TLS ({@code rediss://})
 */
record RedisEndpoint(
    String host, int port, String user, Secret password, int database, boolean tls) {

  static final int DEFAULT_PORT = 6379;

  /**
   * @throws IllegalArgumentException when the URL or the database is not usable; the message never
   *     contains the password
   */
  static RedisEndpoint of(DatasourceConfig config) {
    List<String> problems = problems(config);
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", problems));
    }
    int db = config.database().map(s -> Integer.parseInt(s.strip())).orElse(0);
    if (config.url().isEmpty()) {
      return new RedisEndpoint(
          config.host(),
          config.port() > 0 ? config.port() : DEFAULT_PORT,
          config.user(),
          config.password(),
          db,
          false);
    }
    URI u = config.url().get();
    String user = config.user();
    Secret password = config.password();
    String info = u.getUserInfo();
    if (info != null && !info.isEmpty()) {
      int colon = info.indexOf(':');
      // RFC 3986 and redis-py: "user:pass", ":pass", or "user" alone.
      String urlUser = colon < 0 ? info : info.substring(0, colon);
      if (!urlUser.isEmpty()) {
        user = urlUser;
      }
      if (colon >= 0) {
        password = Secret.of(info.substring(colon + 1));
      }
    }
    return new RedisEndpoint(
        u.getHost(),
        u.getPort() > 0 ? u.getPort() : DEFAULT_PORT,
        user,
        password,
        pathDatabase(u).orElse(db),
        u.getScheme().equalsIgnoreCase("rediss"));
  }

  /** Readable problems with a datasource's Redis settings, or an empty list. */
  static List<String> problems(DatasourceConfig config) {
    List<String> out = new ArrayList<>();
    config
        .database()
        .ifPresent(
            d -> {
              if (!isIndex(d.strip())) {
                out.add("database: must be a Redis database index (0, 1, ...), not '" + d + "'");
              }
            });
    config
        .url()
        .ifPresent(
            u -> {
              String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
              if (!scheme.equals("redis") && !scheme.equals("rediss")) {
                out.add("url: must start with redis:// or rediss://");
              } else if (u.getHost() == null || u.getHost().isEmpty()) {
                out.add("url: has no host");
              }
              String path = u.getPath() == null ? "" : u.getPath();
              if (!path.isEmpty() && !path.equals("/") && !isIndex(path.substring(1))) {
                out.add("url: the path must be a database index such as /0");
              }
            });
    return out;
  }

  private static Optional<Integer> pathDatabase(URI u) {
    String path = u.getPath() == null ? "" : u.getPath();
    return path.length() > 1 ? Optional.of(Integer.parseInt(path.substring(1))) : Optional.empty();
  }

  private static boolean isIndex(String s) {
    return s.matches("\\d{1,5}");
  }

  /** {@code host:port/db}, for messages; never the password. */
  String address() {
    return host + ":" + port + "/" + database;
  }

  @Override
  public String toString() {
    return (tls ? "rediss://" : "redis://") + (user.isEmpty() ? "" : user + "@") + address();
  }
}
