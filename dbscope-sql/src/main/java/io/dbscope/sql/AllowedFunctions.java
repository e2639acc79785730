package io.dbscope.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Which functions a custom query may call: deny by default. A function runs only when it is on the
 * built-in list of the datasource's dialect ({@link SqlDialect#functions()}, e.g. {@code
 * functions-postgres.txt} and {@code functions-mysql.txt} next to this class: functions known to
 * only compute or read) or the operator names it in the global {@code allowedFunctions}. The
 * neutral dialect, for engines whose dialect is unknown, allows only the names both lists share.
 *
 * <p>A deny-list cannot be complete (extensions add functions that run SQL given as text, such as
 * tablefunc's {@code crosstab}); an allow-list fails closed. {@link ForbiddenFunctions} still names
 * the well-known dangerous functions, so that their refusal says why.
 *
 * <p>Order of the decision: a name the operator allowed (compared as the server folds names) runs;
 * else a forbidden one is refused with its reason; else a qualified name is refused unless its
 * schema is the dialect's built-in one ({@code pg_catalog} on PostgreSQL); else, where stored
 * functions shadow built-ins (MySQL/MariaDB), a quoted name, or one marked "adjacent" in the list
 * and not written directly before {@code (}, is refused (the server then calls a stored function of
 * that name, not the built-in); else the built-in list decides.
 *
 * <pre>{@code
 * AllowedFunctions allowed = new AllowedFunctions(List.of("crosstab"));
 * allowed.refusal(name, SqlDialect.POSTGRES, true); // empty: may be called
 * }</pre>
 */
public final class AllowedFunctions {
  private final List<FunctionName> operator;

  /** The built-in lists only. */
  public AllowedFunctions() {
    this(List.of());
  }

  /**
   * @param operatorNames the global {@code allowedFunctions}: names written as in a query ({@code
   *     crosstab}, {@code public.crosstab}, {@code "MyFunc"}), already validated with the config
   * @throws IllegalArgumentException for a text that is not a function name
   */
  public AllowedFunctions(List<String> operatorNames) {
    List<FunctionName> names = new ArrayList<>();
    for (String n : operatorNames) {
      names.add(
          FunctionName.parse(n)
              .orElseThrow(() -> new IllegalArgumentException("not a function name: " + n)));
    }
    this.operator = List.copyOf(names);
  }

  /** Whether {@code text} is a valid {@code allowedFunctions} entry: a name as in a query. */
  public static boolean isFunctionName(String text) {
    return FunctionName.parse(text).isPresent();
  }

  /** The exact names of a dialect's built-in list (prefix entries not included), for tests. */
  public Set<String> builtInNames(SqlDialect dialect) {
    return dialect.functions().names();
  }

  /**
   * Why a call of {@code name} is refused, or empty when it may run.
   *
   * @param adjacent whether {@code (} follows the name directly, with no space or comment between
   *     (only dialects whose stored functions can shadow built-ins, MySQL and MariaDB, care)
   */
  public Optional<String> refusal(FunctionName name, SqlDialect dialect, boolean adjacent) {
    if (operatorAllows(name, dialect)) {
      return Optional.empty();
    }
    String bare = FunctionName.asciiLower(name.last().text());
    Optional<String> forbidden = ForbiddenFunctions.reason(bare);
    if (forbidden.isPresent()) {
      return Optional.of("function " + bare + " " + forbidden.get());
    }
    String shown = name.display();
    String schema = dialect.calls().builtInSchema();
    if (name.qualified()) {
      List<String> folded = name.folded(dialect);
      boolean system =
          !schema.isEmpty()
              && folded.size() == 2
              && folded.getFirst().equals(dialect.calls().folding().fold(schema, false));
      if (!system) {
        return Optional.of(
            "function "
                + shown
                + " is not an allowed function: a name qualified with a schema"
                + (schema.isEmpty() ? "" : " other than " + schema)
                + " runs only when allowedFunctions names it exactly");
      }
    }
    BuiltInFunctions list = dialect.functions();
    String folded = name.foldedLast(dialect);
    boolean listed = list.contains(folded);
    if (listed && dialect.calls().storedShadowsBuiltIn()) {
      boolean quoted = name.anyQuoted();
      if (quoted || (!adjacent && list.adjacent().contains(folded))) {
        return Optional.of(
            (quoted ? shown + "( quoted" : shown + " ( with a space or comment before '('")
                + " calls a stored function named "
                + folded
                + " on "
                + dialect.calls().shadowingServers()
                + ", not the built-in; write "
                + folded
                + "( unquoted"
                + (quoted ? "" : ", with nothing between"));
      }
    }
    if (listed) {
      return Optional.empty();
    }
    return Optional.of(
        "function "
            + shown
            + " is not an allowed function: only functions known to be read-only on "
            + dialect.server()
            + " may be called (docs/custom-metrics.md lists them); if it only reads, name it in"
            + " the global allowedFunctions");
  }

  private boolean operatorAllows(FunctionName name, SqlDialect dialect) {
    List<String> folded = name.folded(dialect);
    return operator.stream().anyMatch(o -> o.folded(dialect).equals(folded));
  }
}
