package io.dbscope.server.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/**
 * dbscope.jar's {@code demo}: the demo needs the test kit and embedded database binaries, which the
 * production jar does not carry, so it lives in dbscope-demo.jar and this only says so. Kept as a
 * command (not left unknown) so that {@code java -jar dbscope.jar demo} gets one readable line and
 * {@code dbscope --help} still lists the demo.
 */
@Command(
    name = "demo",
    description =
        "Start embedded PostgreSQL and Redis with a small workload and monitor them (./dbscope"
            + " demo).")
public final class DemoPlaceholder implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  /** The real demo's options, accepted so that the answer is the same whatever follows. */
  @Unmatched List<String> ignored;

  @Override
  public Integer call() {
    spec.commandLine()
        .getErr()
        .println(
            "dbscope: the demo is not part of dbscope.jar, which carries no embedded databases;"
                + " start it with ./dbscope demo (it builds and runs"
                + " dbscope-demo/target/dbscope-demo.jar)");
    spec.commandLine().getErr().flush();
    return 1;
  }
}
