package io.dbscope.engine.app;

import io.dbscope.core.config.Option;
import io.dbscope.core.config.OptionTable;
import java.util.List;

/** The keys of an {@code app} datasource beyond the shared ones. */
final class AppOptions {
  private AppOptions() {}

  static final Option<String> APP_OF =
      Option.string(
          "appOf",
          "",
          "name of the database datasource this application talks to: its statements API shows"
              + " the application's calls and time next to the server's (required)");
  static final Option<String> APP_DATASOURCE =
      Option.string(
          "appDatasource",
          "",
          "which datasource of the application's JSON (the name it gave DbscopeJdbc.wrap) to"
              + " read; empty: all of them, summed per statement");

  static final OptionTable TABLE =
      new OptionTable(
          "Application (app)",
          "Keys of app datasources (applications instrumented with dbscope-jdbc).",
          List.of(APP_OF, APP_DATASOURCE));
}
