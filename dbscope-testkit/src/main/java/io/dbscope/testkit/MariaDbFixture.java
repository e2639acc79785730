package io.dbscope.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real MariaDB server from Debian's {@code mariadb-server} binaries, with its own datadir, socket
 * and port in a temp dir. {@code performance_schema} is on. A user {@code root} with an empty
 * password can log in over TCP from 127.0.0.1; use {@code sslMode=disable} on loopback.
 *
 * <pre>{@code
 * try (MariaDbFixture db = MariaDbFixture.builder().start()) { db.jdbcUrl("mysql") ... }
 * }</pre>
 */
public final class MariaDbFixture implements AutoCloseable {
  private final ServerProcess process;
  private final int port;

  private MariaDbFixture(ServerProcess process, int port) {
    this.process = process;
    this.port = port;
  }

  public static Builder builder() {
    return new Builder();
  }

  public String host() {
    return "127.0.0.1";
  }

  public int port() {
    return port;
  }

  public String user() {
    return "root";
  }

  public String password() {
    return "";
  }

  public String jdbcUrl(String database) {
    return "jdbc:mariadb://127.0.0.1:" + port + "/" + database + "?sslMode=disable";
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
    private final List<String> extra = new ArrayList<>();

    /** Extra server option, written as {@code --name=value}. */
    public Builder option(String name, String value) {
      extra.add("--" + name + "=" + value);
      return this;
    }

    public MariaDbFixture start() {
      Path server =
          ServerProcess.requireBinary(
              "mariadbd", "mariadb-server", "/usr/sbin/mariadbd", "/usr/sbin/mysqld");
      Path install =
          ServerProcess.requireBinary(
              "mariadb-install-db",
              "mariadb-server",
              "/usr/bin/mariadb-install-db",
              "/usr/bin/mysql_install_db");
      Path dir = ServerProcess.tempDir("dbscope-mariadb-");
      Path data = dir.resolve("data");
      Path init = dir.resolve("init.sql");
      try {
        Files.createDirectories(data);
        // Its own tmpdir: bootstrap temp tables in a shared /tmp were seen to vanish when several
        // fixtures (or test JVMs) installed at once ("Could not remove temporary table").
        Files.createDirectories(dir.resolve("tmp"));
        // Root may log in over TCP from 127.0.0.1 too; the fixture is loopback-only.
        Files.writeString(
            init,
            "CREATE USER IF NOT EXISTS 'root'@'127.0.0.1' IDENTIFIED BY '';\n"
                + "GRANT ALL PRIVILEGES ON *.* TO 'root'@'127.0.0.1' WITH GRANT OPTION;\n");
        Process p =
            new ProcessBuilder(
                    install.toString(),
                    "--no-defaults",
                    "--datadir=" + data,
                    "--tmpdir=" + dir.resolve("tmp"),
                    "--user=root",
                    "--auth-root-authentication-method=normal",
                    "--skip-test-db",
                    "--skip-name-resolve")
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("install.log").toFile())
                .start();
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
          p.destroyForcibly();
          String log = Files.readString(dir.resolve("install.log"));
          ServerProcess.deleteTree(dir);
          throw new FixtureException("mariadb-install-db failed:\n" + log);
        }
      } catch (IOException e) {
        ServerProcess.deleteTree(dir);
        throw new FixtureException("cannot prepare MariaDB datadir: " + e.getMessage(), e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new FixtureException("interrupted while preparing MariaDB", e);
      }
      int port = FreePort.find();
      List<String> cmd =
          new ArrayList<>(
              List.of(
                  server.toString(),
                  "--no-defaults",
                  "--datadir=" + data,
                  "--tmpdir=" + dir.resolve("tmp"),
                  "--socket=" + dir.resolve("mysqld.sock"),
                  "--pid-file=" + dir.resolve("mysqld.pid"),
                  "--port=" + port,
                  "--bind-address=127.0.0.1",
                  "--user=root",
                  "--skip-name-resolve",
                  "--init-file=" + init,
                  "--performance-schema=ON",
                  "--innodb-buffer-pool-size=32M",
                  "--innodb-log-file-size=16M",
                  "--max-connections=200",
                  "--log-error=" + dir.resolve("error.log")));
      cmd.addAll(extra);
      ServerProcess sp = ServerProcess.start(cmd, dir, port, Duration.ofSeconds(60), "mariadbd");
      return new MariaDbFixture(sp, port);
    }
  }
}
