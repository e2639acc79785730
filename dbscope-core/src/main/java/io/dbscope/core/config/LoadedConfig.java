package io.dbscope.core.config;

import java.util.List;

/**
 * A valid configuration and the warnings found while loading it (plain-text passwords, globs that
 * match no file, ignored keys). Warnings are formatted like {@link ConfigProblem} lines and never
 * contain a password.
 */
public record LoadedConfig(DbscopeConfig config, List<String> warnings) {

  public LoadedConfig {
    warnings = List.copyOf(warnings);
  }
}
