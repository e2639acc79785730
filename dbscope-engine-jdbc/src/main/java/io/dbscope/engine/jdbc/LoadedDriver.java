package io.dbscope.engine.jdbc;

import io.dbscope.core.config.DatasourceConfig;
import java.io.IOException;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * The driver of one {@code jdbc} datasource and the class loader it came from (none for a driver of
 * dbscope's class path); closing it closes the loader.
 *
 * @param driver the driver, or empty to let {@code DriverManager} choose by the URL
 */
record LoadedDriver(Optional<Driver> driver, Optional<URLClassLoader> loader)
    implements AutoCloseable {

  /** Thrown with a reason that names the key and never the URL (it may hold secrets). */
  static final class Refused extends Exception {
    private static final long serialVersionUID = 1L;

    Refused(String reason) {
      super(reason);
    }
  }

  /** Loads what {@code driverPath} and {@code driverClass} name and checks it takes the URL. */
  static LoadedDriver load(DatasourceConfig config) throws Refused {
    String url = config.url().map(Object::toString).orElse("");
    String cls = config.option(JdbcOptions.DRIVER_CLASS).strip();
    Optional<Path> path = config.option(JdbcOptions.DRIVER_PATH);
    URLClassLoader loader = path.map(p -> DriverJars.loader(p, config.name())).orElse(null);
    try {
      Driver d = driver(url, cls, loader, path);
      return new LoadedDriver(Optional.ofNullable(d), Optional.ofNullable(loader));
    } catch (Refused | RuntimeException e) {
      closeQuietly(loader);
      throw e;
    }
  }

  private static Driver driver(String url, String cls, URLClassLoader loader, Optional<Path> path)
      throws Refused {
    String scheme = JdbcEngine.scheme(url);
    if (!cls.isEmpty()) {
      ClassLoader from = loader != null ? loader : LoadedDriver.class.getClassLoader();
      Driver d = instance(cls, from, path);
      if (!accepts(d, url)) {
        throw new Refused("driverClass: " + cls + " does not accept URLs of " + scheme);
      }
      return d;
    }
    if (loader != null) {
      for (Driver d : ServiceLoader.load(Driver.class, loader)) {
        if (d.getClass().getClassLoader() == loader && accepts(d, url)) {
          return d;
        }
      }
      throw new Refused(
          "driverPath: no JDBC 4 driver in "
              + path.orElseThrow()
              + " accepts URLs of "
              + scheme
              + "; name it in driverClass");
    }
    try {
      DriverManager.getDriver(url);
      return null;
    } catch (SQLException e) {
      throw new Refused(
          "url: no driver on dbscope's class path accepts URLs of "
              + scheme
              + "; give its jar in driverPath");
    }
  }

  private static Driver instance(String cls, ClassLoader from, Optional<Path> path) throws Refused {
    String where = path.map(p -> " in " + p).orElse(" on dbscope's class path");
    try {
      Class<?> c = Class.forName(cls, true, from);
      if (!Driver.class.isAssignableFrom(c)) {
        throw new Refused("driverClass: " + cls + " is not a java.sql.Driver");
      }
      return (Driver) c.getDeclaredConstructor().newInstance();
    } catch (ClassNotFoundException | NoClassDefFoundError e) {
      throw new Refused("driverClass: no class " + cls + where);
    } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
      throw new Refused(
          "driverClass: cannot create " + cls + where + ": " + e.getClass().getSimpleName());
    }
  }

  private static boolean accepts(Driver d, String url) {
    try {
      return d.acceptsURL(url);
    } catch (SQLException e) {
      return false;
    }
  }

  @Override
  public void close() {
    loader.ifPresent(LoadedDriver::closeQuietly);
  }

  private static void closeQuietly(URLClassLoader l) {
    if (l == null) {
      return;
    }
    try {
      l.close();
    } catch (IOException e) {
      // Nothing is lost: the jars stay on disk, the loader is unreachable either way.
    }
  }
}
