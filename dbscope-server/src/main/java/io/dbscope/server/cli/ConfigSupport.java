package io.dbscope.server.cli;

import io.dbscope.core.config.ConfigException;
import io.dbscope.core.config.ConfigLoader;
import io.dbscope.core.config.ConfigProblem;
import io.dbscope.core.config.LoadedConfig;
import io.dbscope.core.engine.EngineCatalog;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;

/** Loads a config file for a command and prints its problems, one readable line each. */
public final class ConfigSupport {
  /** Exit code for an invalid config. */
  public static final int INVALID_CONFIG = 2;

  private ConfigSupport() {}

  public static Optional<LoadedConfig> load(Path file, EngineCatalog engines, PrintWriter err) {
    try {
      return Optional.of(new ConfigLoader(engines, System.getenv()).load(file));
    } catch (ConfigException e) {
      err.println("dbscope: " + file + ": " + e.problems().size() + " problem(s):");
      for (ConfigProblem p : e.problems()) {
        err.println("  " + p);
      }
      err.flush();
      return Optional.empty();
    }
  }
}
