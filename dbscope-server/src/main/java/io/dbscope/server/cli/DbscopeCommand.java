package io.dbscope.server.cli;

import io.dbscope.server.BuildInfo;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code dbscope}: the top-level command; each job is a subcommand. The subcommands are added in
 * {@link #commandLine} rather than listed here because {@code demo} differs by jar: dbscope.jar
 * carries no embedded databases, so its {@code demo} only points to the demo jar.
 */
@Command(
    name = "dbscope",
    mixinStandardHelpOptions = true,
    versionProvider = DbscopeCommand.Version.class,
    description =
        "Exports Prometheus metrics for a fleet of PostgreSQL, MySQL/MariaDB and Redis"
            + " datasources.")
public final class DbscopeCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** Every subcommand, with {@code demo} as the given command (annotated {@code name = "demo"}). */
  public static CommandLine commandLine(Object demo) {
    return new CommandLine(new DbscopeCommand())
        .addSubcommand(new RunCommand())
        .addSubcommand(new CheckCommand())
        .addSubcommand(demo)
        .addSubcommand(new EncodePasswordCommand())
        .addSubcommand(new CommandLine.HelpCommand());
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /** Prints the build's version. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {
        "dbscope " + BuildInfo.current().version() + " (Java " + Runtime.version() + ")"
      };
    }
  }
}
