package io.dbscope.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Writes small config files into a test's temp dir and loads them with the test engines. */
final class ConfigFiles {
  private final Path dir;
  private final Map<String, String> env;

  ConfigFiles(Path dir, Map<String, String> env) {
    this.dir = dir;
    this.env = env;
  }

  ConfigFiles(Path dir) {
    this(dir, Map.of());
  }

  Path dir() {
    return dir;
  }

  Path write(String name, String content) {
    try {
      Path p = dir.resolve(name);
      Files.createDirectories(p.getParent());
      return Files.writeString(p, content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  LoadedConfig load(Path file) {
    return new ConfigLoader(TestEngines.catalog(), env).load(file);
  }

  LoadedConfig load(String name, String content) {
    return load(write(name, content));
  }

  /** The problem lines of a config that must fail. */
  List<String> problems(Path file) {
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> load(file));
    assertThat(e).as("config %s should be rejected", file.getFileName()).isNotNull();
    return e.problems().stream().map(ConfigProblem::toString).toList();
  }

  List<String> problems(String name, String content) {
    return problems(write(name, content));
  }
}
