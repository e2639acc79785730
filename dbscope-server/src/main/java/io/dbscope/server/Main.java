package io.dbscope.server;

import io.dbscope.server.cli.DbscopeCommand;
import io.dbscope.server.cli.DemoPlaceholder;
import picocli.CommandLine;

/**
 * Entry point of dbscope.jar. Expected failures (bad config, unreachable database, port in use) end
 * with one readable message and a non-zero exit code, never a stack trace. The demo jar
 * (dbscope-demo) starts through {@link #exit} too, with its real {@code demo} command.
 */
public final class Main {
  private static final String NODELAY = "sun.net.httpserver.nodelay";
  private static final String CLOCK_TICK = "sun.net.httpserver.clockTick";

  private Main() {}

  public static void main(String[] args) {
    exit(commandLine(), args);
  }

  /** Runs a command line as the whole process: its exit code ends the JVM. */
  public static void exit(CommandLine commandLine, String[] args) {
    // These two are for the JDK's HTTP server, which -Ddbscope.http.server=jdk chooses instead of
    // dbscope's own (that one sets TCP_NODELAY and has no timer). The JDK's leaves Nagle's
    // algorithm on: the last small chunk of a /metrics answer
    // then waits for the scraper's delayed ACK, 40 ms on Linux, in about one scrape in five
    // (measured: PostgreSQL p90 52 -> 10 ms). Read once when the server class loads, so set it
    // before anything starts one; -Dsun.net.httpserver.nodelay=false still wins.
    if (System.getProperty(NODELAY) == null) {
      System.setProperty(NODELAY, "true");
    }
    // Its timer for idle keep-alive connections wakes every 10 s by default, each time a cold
    // half-millisecond: between two scrapes 15 s apart, that is as much CPU as a tenth of a scrape
    // (bench/paced.sh). Every 30 s, an idle connection is closed 30 to 60 s after its last request
    // instead of 30 to 40 s; -Dsun.net.httpserver.clockTick=10000 still wins.
    if (System.getProperty(CLOCK_TICK) == null) {
      System.setProperty(CLOCK_TICK, "30000");
    }
    System.exit(commandLine.execute(args));
  }

  /** dbscope.jar's command line, whose {@code demo} only says where the demo is. */
  public static CommandLine commandLine() {
    return commandLine(new DemoPlaceholder());
  }

  /** The command line with {@code demo} as the given command. */
  public static CommandLine commandLine(Object demo) {
    CommandLine cl = DbscopeCommand.commandLine(demo);
    cl.setExecutionExceptionHandler(
        (ex, cmd, parsed) -> {
          cmd.getErr()
              .println("dbscope: " + (ex.getMessage() == null ? ex.toString() : ex.getMessage()));
          return 1;
        });
    return cl;
  }

  /** Runs a command line and returns its exit code (for tests). */
  public static int execute(String... args) {
    return commandLine().execute(args);
  }
}
