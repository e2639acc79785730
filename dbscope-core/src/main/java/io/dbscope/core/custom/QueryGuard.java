package io.dbscope.core.custom;

/**
 * Decides, before a custom metric's query ever reaches a database, whether it may run. Each engine
 * brings its own (see {@code Engine.queryGuard}), since only the engine knows what its server would
 * do with the text: core reads custom metrics files but knows no query language.
 *
 * <pre>{@code
 * QueryGuard guard = engine.queryGuard(global.options());
 * QueryGuard.Verdict v = guard.check("SELECT pg_read_file('/etc/passwd')", false);
 * v.accepted(); // false, with the reason in v.reason()
 * }</pre>
 */
public interface QueryGuard {

  /**
   * Checks one query.
   *
   * @param unchecked whether a query the guard cannot fully read may run anyway (the caller has
   *     checked that unchecked queries are allowed)
   */
  Verdict check(String query, boolean unchecked);

  /**
   * The guard of an engine that cannot check queries: refuses every one with {@code reason}, so
   * that not knowing the language never lets a query run.
   */
  static QueryGuard refusingAll(String reason) {
    return (query, unchecked) -> Verdict.refuse(reason);
  }

  /**
   * The guard's decision.
   *
   * @param accepted whether the query may run
   * @param parsed whether the guard fully understood it; false for an accepted unchecked query
   * @param reason why it was refused (empty when accepted)
   * @param line line of the refused construct within the query, 0 when not known
   * @param column column of the refused construct, 0 when not known
   */
  record Verdict(boolean accepted, boolean parsed, String reason, int line, int column) {
    public static Verdict accept(boolean parsed) {
      return new Verdict(true, parsed, "", 0, 0);
    }

    public static Verdict refuse(String reason) {
      return new Verdict(false, false, reason, 0, 0);
    }

    public static Verdict refuse(String reason, int line, int column) {
      return new Verdict(false, false, reason, line, column);
    }
  }
}
