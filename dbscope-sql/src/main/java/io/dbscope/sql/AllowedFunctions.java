package io.dbscope.sql;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which functions a custom query may call: deny by default. A function runs only when it is on the
 * built-in list of the datasource's dialect (resource files {@code functions-postgres.txt} and
 * {@code functions-mysql.txt} next to this class: functions known to only compute or read) or the
 * operator names it in the global {@code allowedFunctions}. The neutral dialect, for engines whose
 * dialect is unknown, allows only the names both lists share.
 *
 * <p>A deny-list cannot be complete (extensions add functions that run SQL given as text, such as
 * tablefunc's {@code crosstab}); an allow-list fails closed. {@link ForbiddenFunctions} still names
 * the well-known dangerous functions, so that their refusal says why.
 *
 * <p>Order of the decision: a name the operator allowed (compared as the server folds names) runs;
 * else a forbidden one is refused with its reason; else a qualified name is refused unless its
 * schema is {@code pg_catalog} on PostgreSQL; else, on MySQL/MariaDB, a quoted name, or one marked
 * "adjacent" in the list and not written directly before {@code (}, is refused (the server then
 * calls a stored function of that name, not the built-in); else the built-in list decides.
 *
 * <pre>{@code
 * AllowedFunctions allowed = new AllowedFunctions(List.of("crosstab"));
 * allowed.refusal(name, SqlDialect.POSTGRES, true); // empty: may be called
 * }</pre>
 */
public final class AllowedFunctions {
  private static final String SYSTEM_SCHEMA = "pg_catalog";

  /**
   * One dialect's built-in list: exact names, {@code name*} prefixes, and the names that are the
   * built-in only when {@code (} follows directly.
   */
  private record Listed(Set<String> names, List<String> prefixes, Set<String> adjacent) {
    boolean contains(String name) {
      return names.contains(name) || prefixes.stream().anyMatch(name::startsWith);
    }
  }

  private final Map<SqlDialect, Listed> builtIn = new EnumMap<>(SqlDialect.class);
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
    Listed pg = read("functions-postgres.txt");
    Listed my = read("functions-mysql.txt");
    Set<String> both = new HashSet<>(pg.names());
    both.retainAll(my.names());
    List<String> prefixes = pg.prefixes().stream().filter(my.prefixes()::contains).toList();
    builtIn.put(SqlDialect.POSTGRES, pg);
    builtIn.put(SqlDialect.MYSQL, my);
    builtIn.put(SqlDialect.NEUTRAL, new Listed(Set.copyOf(both), prefixes, my.adjacent()));
  }

  /** Whether {@code text} is a valid {@code allowedFunctions} entry: a name as in a query. */
  public static boolean isFunctionName(String text) {
    return FunctionName.parse(text).isPresent();
  }

  /** The exact names of a dialect's built-in list (prefix entries not included), for tests. */
  public Set<String> builtInNames(SqlDialect dialect) {
    return builtIn.get(dialect).names();
  }

  /**
   * Why a call of {@code name} is refused, or empty when it may run.
   *
   * @param adjacent whether {@code (} follows the name directly, with no space or comment between
   *     (only MySQL and MariaDB care)
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
    if (name.qualified()) {
      List<String> folded = name.folded(dialect);
      boolean system =
          dialect == SqlDialect.POSTGRES
              && folded.size() == 2
              && folded.getFirst().equals(SYSTEM_SCHEMA);
      if (!system) {
        return Optional.of(
            "function "
                + shown
                + " is not an allowed function: a name qualified with a schema"
                + (dialect == SqlDialect.POSTGRES ? " other than pg_catalog" : "")
                + " runs only when allowedFunctions names it exactly");
      }
    }
    Listed list = builtIn.get(dialect);
    String folded = name.foldedLast(dialect);
    boolean listed = list.contains(folded);
    if (listed && dialect != SqlDialect.POSTGRES) {
      boolean quoted = name.anyQuoted();
      if (quoted || (!adjacent && list.adjacent().contains(folded))) {
        return Optional.of(
            (quoted ? shown + "( quoted" : shown + " ( with a space or comment before '('")
                + " calls a stored function named "
                + folded
                + " on MySQL and MariaDB, not the built-in; write "
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
            + server(dialect)
            + " may be called (docs/custom-metrics.md lists them); if it only reads, name it in"
            + " the global allowedFunctions");
  }

  private boolean operatorAllows(FunctionName name, SqlDialect dialect) {
    List<String> folded = name.folded(dialect);
    return operator.stream().anyMatch(o -> o.folded(dialect).equals(folded));
  }

  private static String server(SqlDialect dialect) {
    return switch (dialect) {
      case POSTGRES -> "PostgreSQL";
      case MYSQL -> "MySQL and MariaDB";
      case NEUTRAL -> "every SQL engine dbscope knows (this engine's dialect is unknown)";
    };
  }

  private static Listed read(String resource) {
    Set<String> names = new HashSet<>();
    List<String> prefixes = new ArrayList<>();
    Set<String> adjacent = new HashSet<>();
    try (InputStream in = AllowedFunctions.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("resource " + resource + " is missing");
      }
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        int hash = line.indexOf('#');
        String name = (hash >= 0 ? line.substring(0, hash) : line).strip();
        if (name.isEmpty()) {
          continue;
        }
        if (name.endsWith("*")) {
          prefixes.add(name.substring(0, name.length() - 1));
        } else {
          names.add(name);
        }
        if (hash >= 0 && line.substring(hash + 1).strip().startsWith("adjacent")) {
          adjacent.add(name);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource, e);
    }
    return new Listed(Set.copyOf(names), List.copyOf(prefixes), Set.copyOf(adjacent));
  }
}
