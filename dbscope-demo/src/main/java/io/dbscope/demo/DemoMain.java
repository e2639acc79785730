package io.dbscope.demo;

import io.dbscope.server.Main;

/**
 * Entry point of dbscope-demo.jar ({@code ./dbscope demo}): dbscope's whole command line, with the
 * real {@code demo} in place of dbscope.jar's pointer to this jar.
 */
public final class DemoMain {
  private DemoMain() {}

  public static void main(String[] args) {
    Main.exit(Main.commandLine(new DemoCommand()), args);
  }
}
