package io.dbscope.server.cli;

import io.dbscope.core.config.DbscopeConfig;
import io.dbscope.server.Reloader;
import io.dbscope.server.security.WebConfig;
import io.dbscope.server.security.WebConfigException;
import io.dbscope.server.security.WebSecurity;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Loads and checks {@code --web.config.file} for a command, printing one readable line on error.
 */
final class WebSupport {
  private WebSupport() {}

  /**
   * @return the web config (none when no file is given), or empty after printing why it cannot be
   *     used; certificate files are loaded too, so a bad key fails here and not at the first scrape
   */
  static Optional<WebConfig> load(DbscopeConfig config, Path file, PrintWriter err) {
    Optional<Path> path = Optional.ofNullable(file);
    Optional<String> conflict = WebConfig.conflict(config, path);
    if (conflict.isPresent()) {
      err.println("dbscope: " + conflict.get());
      err.flush();
      return Optional.empty();
    }
    try {
      WebConfig web = path.isPresent() ? WebConfig.load(path.get()) : WebConfig.none();
      WebSecurity.start(web, Reloader.seedAuth(config));
      return Optional.of(web);
    } catch (WebConfigException e) {
      err.println("dbscope: " + e.getMessage());
      err.flush();
      return Optional.empty();
    }
  }
}
