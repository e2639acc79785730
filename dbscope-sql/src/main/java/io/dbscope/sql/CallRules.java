package io.dbscope.sql;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * How a dialect's server resolves a call, as far as the custom-SQL guard must know it (see {@code
 * AllowedFunctions}, {@code CallWords} and the guard's call scan). Each rule is one line of the
 * dialect's file (see {@link SqlDialect}).
 *
 * @param folding how function and schema names compare
 * @param builtInSchema the schema that holds the built-in functions, so that a name qualified with
 *     it is the built-in ({@code pg_catalog}); empty when no schema does
 * @param shadowingServers the servers on which a quoted name, or a name marked {@code adjacent} in
 *     the function list and written with a space before {@code (}, calls a stored function of that
 *     name instead of the built-in ("MySQL and MariaDB"), for messages; empty where that never
 *     happens
 * @param syntaxWords words, lower case, that this dialect's grammar reads as syntax before {@code
 *     (} beyond those every dialect does (PostgreSQL's {@code array (…)}, {@code lateral (…)})
 * @param schemaOperators whether {@code OPERATOR(schema.op)} names an operator (PostgreSQL); one in
 *     the built-in schema is then no call
 * @param attributeCalls whether {@code (value).f} and {@code alias.f} may call a function {@code f}
 *     (PostgreSQL's functional notation), so that these must be checked as calls too
 */
public record CallRules(
    NameFolding folding,
    String builtInSchema,
    String shadowingServers,
    Set<String> syntaxWords,
    boolean schemaOperators,
    boolean attributeCalls) {

  public CallRules {
    syntaxWords = Set.copyOf(syntaxWords);
  }

  /** Whether a stored function may be called instead of a built-in of the same name. */
  public boolean storedShadowsBuiltIn() {
    return !shadowingServers.isEmpty();
  }

  /**
   * The rules of an unknown server among {@code all}: names match only as every one compares them,
   * a schema holds the built-ins only when all agree on it, every way of calling that one of them
   * has is checked, and a word is syntax only when it is to all of them.
   */
  static CallRules strictest(List<CallRules> all) {
    Set<String> syntax = new HashSet<>(all.getFirst().syntaxWords());
    all.forEach(r -> syntax.retainAll(r.syntaxWords()));
    boolean oneSchema = all.stream().map(CallRules::builtInSchema).distinct().count() == 1;
    return new CallRules(
        NameFolding.strictest(all.stream().map(CallRules::folding).toList()),
        oneSchema ? all.getFirst().builtInSchema() : "",
        String.join(
            ", ",
            all.stream()
                .map(CallRules::shadowingServers)
                .filter(s -> !s.isEmpty())
                .distinct()
                .toList()),
        syntax,
        all.stream().allMatch(CallRules::schemaOperators) && oneSchema,
        any(all, CallRules::attributeCalls));
  }

  private static boolean any(List<CallRules> all, Predicate<CallRules> rule) {
    return all.stream().anyMatch(rule);
  }
}
