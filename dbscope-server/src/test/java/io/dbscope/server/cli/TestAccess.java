package io.dbscope.server.cli;

import io.dbscope.core.config.LoadedConfig;
import io.dbscope.server.Engines;
import java.nio.file.Path;

/** Lets tests start dbscope the way {@code dbscope run} does, without the blocking wait. */
public final class TestAccess {
  private TestAccess() {}

  public static AutoCloseable start(LoadedConfig loaded) {
    Path file = loaded.config().source().orElse(Path.of("dbscope.toml"));
    return RunCommand.start(file, loaded, Engines.catalog());
  }

  public static AutoCloseable start(LoadedConfig loaded, Path webConfigFile) throws Exception {
    Path file = loaded.config().source().orElse(Path.of("dbscope.toml"));
    return RunCommand.start(
        file,
        loaded,
        Engines.catalog(),
        io.dbscope.server.security.WebConfig.load(webConfigFile),
        java.util.Optional.of(webConfigFile),
        false);
  }

  /** Starts like {@code run}, running {@code hook} where the custom metrics files are judged. */
  public static AutoCloseable startBlockedWhileJudging(LoadedConfig loaded, Runnable hook) {
    Path file = loaded.config().source().orElse(Path.of("dbscope.toml"));
    return RunCommand.start(
        file,
        loaded,
        io.dbscope.server.security.WebConfig.none(),
        java.util.Optional.empty(),
        false,
        (config, platform, previous) -> {
          hook.run();
          return io.dbscope.server.Monitor.start(config, platform, previous);
        });
  }

  public static boolean onSighup(io.dbscope.server.Reloader reloader) {
    return ReloadTriggers.onSighup(reloader);
  }

  public static void watch(Path file, io.dbscope.server.Reloader reloader)
      throws java.io.IOException {
    ReloadTriggers.watch(file, reloader);
  }

  public static io.dbscope.server.Reloader reloader(AutoCloseable running) {
    return ((RunCommand.Running) running).reloader();
  }

  public static int port(AutoCloseable running) {
    return ((RunCommand.Running) running).http().port();
  }
}
