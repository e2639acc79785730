package io.dbscope.engine.jdbc;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * The driver jars the build copied from Maven Central, one directory per driver and version ({@code
 * target/test-drivers/<dir>}), none of them on the test's class path. The test prepares its
 * databases through a class loader of its own over the same jars, so that the engine's loader is
 * never the one that created the data.
 */
final class TestDrivers {
  static final Path ROOT = Path.of(System.getProperty("dbscope.test.drivers"));

  private TestDrivers() {}

  /** The directory of one driver, as a config's {@code driverPath} names it. */
  static Path dir(String name) {
    return ROOT.resolve(name);
  }

  /** A loader over the jars of {@code dir} whose parent is the platform loader. */
  static URLClassLoader loader(String dir) throws Exception {
    URL[] urls =
        DriverJars.jars(dir(dir)).stream()
            .map(
                p -> {
                  try {
                    return p.toUri().toURL();
                  } catch (java.net.MalformedURLException e) {
                    throw new IllegalStateException(e);
                  }
                })
            .toArray(URL[]::new);
    return new URLClassLoader(urls, ClassLoader.getPlatformClassLoader());
  }

  /** Runs {@code statements} on {@code url} through driver {@code cls} of {@code loader}. */
  static void sql(ClassLoader loader, String cls, String url, String user, String... statements)
      throws ReflectiveOperationException, SQLException {
    Driver d = (Driver) Class.forName(cls, true, loader).getDeclaredConstructor().newInstance();
    Properties p = new Properties();
    p.setProperty("user", user);
    p.setProperty("password", "");
    try (Connection c = d.connect(url, p);
        Statement st = c.createStatement()) {
      for (String s : statements) {
        st.execute(s);
      }
    }
  }
}
