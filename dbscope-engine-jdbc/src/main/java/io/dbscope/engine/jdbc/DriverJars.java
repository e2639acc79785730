package io.dbscope.engine.jdbc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The jars of a {@code driverPath}: one jar, or the jars directly in a directory (sorted, so that
 * the same directory loads the same way every time).
 */
final class DriverJars {
  private DriverJars() {}

  /** Why {@code path} cannot serve as a driverPath; empty when it can. */
  static List<String> problems(Path path) {
    if (!Files.exists(path)) {
      return List.of("no such file or directory: " + path);
    }
    if (Files.isDirectory(path)) {
      return jars(path).isEmpty() ? List.of("no .jar file in directory " + path) : List.of();
    }
    if (!Files.isRegularFile(path) || !path.toString().endsWith(".jar")) {
      return List.of("not a .jar file or a directory: " + path);
    }
    return Files.isReadable(path) ? List.of() : List.of("cannot read " + path);
  }

  static List<Path> jars(Path path) {
    if (!Files.isDirectory(path)) {
      return List.of(path);
    }
    try (Stream<Path> s = Files.list(path)) {
      return s.filter(p -> p.toString().endsWith(".jar") && Files.isRegularFile(p))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + path, e);
    }
  }

  /**
   * A class loader of its own over the jars, whose parent is the platform loader: the driver sees
   * the JDK and itself, never dbscope's classes or dbscope's own copy of a driver.
   */
  static URLClassLoader loader(Path path, String datasource) {
    List<URL> urls = new ArrayList<>();
    for (Path jar : jars(path)) {
      try {
        urls.add(jar.toUri().toURL());
      } catch (MalformedURLException e) {
        throw new IllegalArgumentException("driverPath: " + jar + " is not a file URL", e);
      }
    }
    return new URLClassLoader(
        "dbscope-driver-" + datasource,
        urls.toArray(URL[]::new),
        ClassLoader.getPlatformClassLoader());
  }
}
