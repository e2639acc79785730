package io.dbscope.server;

import io.dbscope.core.config.ConfigException;
import io.dbscope.core.config.ConfigLoader;
import io.dbscope.core.config.DbscopeConfig;
import io.dbscope.core.config.LoadedConfig;
import io.dbscope.server.security.Authenticator;
import io.dbscope.server.security.BasicAuth;
import io.dbscope.server.security.WebConfig;
import io.dbscope.server.security.WebConfigException;
import io.dbscope.server.security.WebSecurity;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hot reload (seed 003, section 8.1): reads and validates the whole new config beside the running
 * one, and only when all of it is valid swaps the running {@link Monitor} in one step. Datasources
 * whose settings did not change keep their pools and history; removed ones are closed once their
 * collection in flight has finished; new ones start. A broken config changes nothing: the old one
 * keeps serving, the reason is logged once and {@code dbscope_config_last_reload_successful} is 0.
 *
 * <p>The web config ({@code --web.config.file}) is re-read with it: users, headers and TLS settings
 * change in the same step (certificates also rotate by themselves when their files change).
 *
 * <p>Triggered by {@code POST /-/reload}, {@code SIGHUP} and, with {@code --watch-config}, a change
 * of the file. Reloads are serialized.
 */
public final class Reloader {
  private static final Logger log = LoggerFactory.getLogger(Reloader.class);
  private final Path file;
  private final Platform platform;
  private final AtomicReference<Monitor> current;
  private final WebSecurity security;
  private final Optional<Path> webConfigFile;

  /** What a reload did. */
  public record Result(boolean ok, String message) {}

  public Reloader(
      Path file,
      Platform platform,
      Monitor initial,
      WebSecurity security,
      Optional<Path> webConfigFile) {
    this.file = file;
    this.platform = platform;
    this.current = new AtomicReference<>(initial);
    this.security = security;
    this.webConfigFile = webConfigFile;
  }

  public Monitor current() {
    return current.get();
  }

  /** The seed's single basic-auth user ({@code enableBasicAuth}), if configured. */
  public static Optional<Authenticator> seedAuth(DbscopeConfig cfg) {
    return cfg.global().enableBasicAuth()
        ? Optional.of(
            new BasicAuth(cfg.global().basicAuthUsername(), cfg.global().basicAuthPassword()))
        : Optional.empty();
  }

  public synchronized Result reload() {
    LoadedConfig loaded;
    try {
      loaded = new ConfigLoader(platform.engines(), System.getenv()).load(file);
    } catch (ConfigException e) {
      platform.reload().failed();
      String problems =
          e.problems().stream().map(Object::toString).collect(Collectors.joining("; "));
      log.error("config reload failed, the running config stays: {}", problems);
      return new Result(
          false, "reload failed, the running config stays:\n" + e.getMessage() + "\n");
    } catch (RuntimeException e) {
      platform.reload().failed();
      log.error("config reload failed, the running config stays: {}", e.getMessage());
      return new Result(false, "reload failed, the running config stays: " + e.getMessage() + "\n");
    }
    DbscopeConfig next = loaded.config();
    try {
      Optional<String> conflict = WebConfig.conflict(next, webConfigFile);
      if (conflict.isPresent()) {
        throw new WebConfigException(conflict.get());
      }
      WebConfig web =
          webConfigFile.isPresent() ? WebConfig.load(webConfigFile.get()) : WebConfig.none();
      security.reload(web, seedAuth(next));
    } catch (WebConfigException e) {
      platform.reload().failed();
      log.error("config reload failed, the running config stays: {}", e.getMessage());
      return new Result(false, "reload failed, the running config stays: " + e.getMessage() + "\n");
    }
    Monitor old = current.get();
    var g0 = old.config().global();
    var g1 = next.global();
    if (!g0.listenHost().equals(g1.listenHost()) || g0.listenPort() != g1.listenPort()) {
      log.warn("listenAddress changed; it takes effect at the next restart");
    }
    loaded.warnings().forEach(w -> log.warn("{}", w));
    Monitor fresh;
    try {
      fresh = Monitor.start(next, platform, Optional.of(old));
    } catch (RuntimeException e) {
      platform.reload().failed();
      log.error("config reload failed, the running config stays: {}", e.getMessage());
      return new Result(false, "reload failed, the running config stays: " + e.getMessage() + "\n");
    }
    fresh.labelWarnings().forEach(w -> log.warn("{}", w));
    current.set(fresh);
    old.retire(fresh);
    try {
      LoggingSetup.apply(g1);
    } catch (IllegalStateException e) {
      log.error("{}; logging goes on where it went", e.getMessage());
    }
    platform.reload().succeeded();
    Set<String> before = old.fleet().names();
    Set<String> after = fresh.fleet().names();
    long kept =
        fresh.fleet().all().stream()
            .filter(d -> old.fleet().get(d.config().name()).orElse(null) == d)
            .count();
    List<String> added = after.stream().filter(n -> !before.contains(n)).toList();
    List<String> removed = before.stream().filter(n -> !after.contains(n)).toList();
    String msg =
        "config reloaded: %d datasource(s), %d kept as they were, %d changed, added %s, removed %s"
            .formatted(after.size(), kept, after.size() - kept - added.size(), added, removed);
    log.info("{}", msg);
    return new Result(true, msg + "\n");
  }
}
