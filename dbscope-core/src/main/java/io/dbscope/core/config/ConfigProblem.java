package io.dbscope.core.config;

/**
 * One thing wrong with a config file, printed as one readable line: {@code dbscope.toml:12:
 * datasource[prod].queryTimeout: '5x' is not a duration (examples: 500ms, 30s, 5m, 1h30m)}.
 *
 * <p>The reason never contains a password: the loader does not echo the value of a secret key, of
 * {@code url}, or of text it could not parse.
 *
 * @param file the config file as it was named to the loader
 * @param line 1-based line of the key, or 0 when the format or the problem has no line
 * @param key where the problem is: {@code listenAddress}, {@code datasource[prod].dbHost}, {@code
 *     datasource[2].name} (position from 1 when the entry has no usable name), {@code (syntax)} or
 *     {@code (file)}
 * @param reason what is wrong, and where it helps, what to write instead
 */
public record ConfigProblem(String file, int line, String key, String reason) {

  @Override
  public String toString() {
    return file + (line > 0 ? ":" + line : "") + ": " + key + ": " + reason;
  }
}
