package io.dbscope.server.cli;

import io.dbscope.core.config.LoadedConfig;
import io.dbscope.server.Engines;

/** Lets tests start dbscope the way {@code dbscope run} does, without the blocking wait. */
public final class TestAccess {
  private TestAccess() {}

  public static AutoCloseable start(LoadedConfig loaded) {
    return RunCommand.start(loaded, Engines.catalog());
  }

  public static int port(AutoCloseable running) {
    return ((RunCommand.Running) running).http().port();
  }
}
