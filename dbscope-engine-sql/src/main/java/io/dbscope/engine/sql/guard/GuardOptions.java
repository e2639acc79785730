package io.dbscope.engine.sql.guard;

import io.dbscope.core.config.Option;
import io.dbscope.core.config.OptionTable;
import io.dbscope.sql.AllowedFunctions;
import java.util.List;
import java.util.Optional;

/** The top-level keys of the custom-SQL guard, which every SQL engine with a guard brings. */
public final class GuardOptions {

  public static final Option<List<String>> ALLOWED_FUNCTIONS =
      Option.globalStrings(
          "allowedFunctions",
          "functions custom metric queries may call besides the built-in read-only lists,"
              + " written as in a query: name, schema.name or \"QuotedName\" (see"
              + " docs/custom-metrics.md)",
          name ->
              AllowedFunctions.isFunctionName(name)
                  ? Optional.empty()
                  : Optional.of(
                      "is not a function name; write it as in a query: name, schema.name or"
                          + " \"QuotedName\", without parentheses"));

  public static final OptionTable TABLE =
      new OptionTable(
          "Custom SQL guard",
          "What custom metric queries of SQL engines may call (see docs/custom-metrics.md).",
          List.of(ALLOWED_FUNCTIONS));

  private GuardOptions() {}

  /** The guard's function lists with the operator's additions from the top-level keys. */
  public static AllowedFunctions allowed(io.dbscope.core.config.EngineOptions global) {
    return new AllowedFunctions(global.get(ALLOWED_FUNCTIONS));
  }
}
