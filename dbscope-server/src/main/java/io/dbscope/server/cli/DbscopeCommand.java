package io.dbscope.server.cli;

import io.dbscope.server.BuildInfo;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code dbscope}: the top-level command; each job is a subcommand. */
@Command(
    name = "dbscope",
    mixinStandardHelpOptions = true,
    versionProvider = DbscopeCommand.Version.class,
    description = "Exports Prometheus metrics for a fleet of PostgreSQL, MySQL/MariaDB and Redis datasources.",
    subcommands = {
      RunCommand.class,
      CheckCommand.class,
      DemoCommand.class,
      EncodePasswordCommand.class,
      CommandLine.HelpCommand.class
    })
public final class DbscopeCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /** Prints the build's version. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"dbscope " + BuildInfo.current().version() + " (Java " + Runtime.version() + ")"};
    }
  }
}
