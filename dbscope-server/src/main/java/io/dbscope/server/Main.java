package io.dbscope.server;

import io.dbscope.server.cli.DbscopeCommand;
import picocli.CommandLine;

/**
 * Entry point. Expected failures (bad config, unreachable database, port in use) end with one
 * readable message and a non-zero exit code, never a stack trace.
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs a command line and returns its exit code (for tests). */
  public static int execute(String... args) {
    CommandLine cl = new CommandLine(new DbscopeCommand());
    cl.setExecutionExceptionHandler(
        (ex, cmd, parsed) -> {
          cmd.getErr().println("dbscope: " + (ex.getMessage() == null ? ex.toString() : ex.getMessage()));
          return 1;
        });
    return cl.execute(args);
  }
}
