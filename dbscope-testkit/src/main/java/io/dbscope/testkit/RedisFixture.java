package io.dbscope.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A real Redis server on a free loopback port in a temp dir: either Debian's {@code redis-server}
 * (7.x) or the 6.2 binary bundled in the embedded-redis jar, which needs nothing installed (used by
 * {@code dbscope demo}).
 *
 * <pre>{@code
 * try (RedisFixture redis = RedisFixture.system().password("pw").start()) { ... redis.port() ... }
 * }</pre>
 */
public final class RedisFixture implements AutoCloseable {
  private static final String BUNDLED = "/redis-server-6.2.6-v5-linux-amd64";
  private final ServerProcess process;
  private final int port;
  private final String password;

  private RedisFixture(ServerProcess process, int port, String password) {
    this.process = process;
    this.port = port;
    this.password = password;
  }

  /** Debian's redis-server. */
  public static Builder system() {
    return new Builder(false);
  }

  /** The binary bundled in the embedded-redis jar (Redis 6.2, linux-amd64). */
  public static Builder bundled() {
    return new Builder(true);
  }

  public String host() {
    return "127.0.0.1";
  }

  public int port() {
    return port;
  }

  /** Empty when no password is required. */
  public String password() {
    return password;
  }

  public long pid() {
    return process.pid();
  }

  @Override
  public void close() {
    process.close();
  }

  /** Options before start. */
  public static final class Builder {
    private final boolean bundled;
    private String password = "";
    private final List<String> extra = new ArrayList<>();

    private Builder(boolean bundled) {
      this.bundled = bundled;
    }

    public Builder password(String password) {
      this.password = password;
      return this;
    }

    /** Extra {@code --name value} server options. */
    public Builder option(String name, String value) {
      extra.add("--" + name);
      extra.add(value);
      return this;
    }

    public RedisFixture start() {
      Path dir = ServerProcess.tempDir("dbscope-redis-");
      Path binary =
          bundled
              ? extractBundled(dir)
              : ServerProcess.requireBinary(
                  "redis-server", "redis-server", "/usr/bin/redis-server");
      int port = FreePort.find();
      List<String> cmd =
          new ArrayList<>(
              List.of(
                  binary.toString(),
                  "--port",
                  String.valueOf(port),
                  "--bind",
                  "127.0.0.1",
                  "--save",
                  "",
                  "--appendonly",
                  "no",
                  "--dir",
                  dir.toString(),
                  "--daemonize",
                  "no"));
      if (!password.isEmpty()) {
        cmd.add("--requirepass");
        cmd.add(password);
      }
      cmd.addAll(extra);
      ServerProcess p = ServerProcess.start(cmd, dir, port, Duration.ofSeconds(20), "redis-server");
      return new RedisFixture(p, port, password);
    }

    private static Path extractBundled(Path dir) {
      Path target = dir.resolve("redis-server");
      try (InputStream in = RedisFixture.class.getResourceAsStream(BUNDLED)) {
        if (in == null) {
          throw new FixtureException(
              "the embedded-redis jar with " + BUNDLED + " is not on the classpath");
        }
        Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        if (!target.toFile().setExecutable(true)) {
          throw new FixtureException("cannot make " + target + " executable");
        }
        return target;
      } catch (IOException e) {
        throw new FixtureException("cannot extract the bundled redis-server: " + e.getMessage(), e);
      }
    }
  }
}
