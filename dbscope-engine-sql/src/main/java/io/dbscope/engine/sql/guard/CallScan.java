package io.dbscope.engine.sql.guard;

import io.dbscope.sql.AllowedFunctions;
import io.dbscope.sql.CallWords;
import io.dbscope.sql.FunctionName;
import io.dbscope.sql.SqlDialect;
import io.dbscope.sql.SqlTokens.Kind;
import io.dbscope.sql.SqlTokens.Token;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The function layer of {@link SqlGuard}, on tokens, so that it holds for queries the parser cannot
 * read too: every call in the text must be allowed by {@link AllowedFunctions}.
 *
 * <p>Which {@code name (} is a call is {@link CallWords}'s to say. After an allowed call that may
 * be a FROM item, its alias is recorded for the next check.
 *
 * <p>PostgreSQL also calls a one-argument function without {@code (}: {@code (value).f} is {@code
 * f(value)} when the value has no field {@code f}, and {@code g.f} is {@code f(g)} when {@code g}
 * has no column {@code f} — with {@code FROM generate_series(…) g}, {@code g.pg_advisory_lock}
 * takes a lock. So, where the dialect says so ({@code calls.attributeCalls}: PostgreSQL and the
 * neutral dialect), {@code (…).name} and {@code alias.name} over a function in {@code FROM} are
 * refused unless {@code name} is an allowed function or a column named in the alias. (Tables, views
 * and subqueries give a composite value, which no built-in function with an effect accepts.)
 */
final class CallScan {
  /** Keywords that start a clause, for telling FROM items from select-list calls. */
  private static final Set<String> CLAUSES =
      Set.of(
          "select",
          "from",
          "join",
          "where",
          "group",
          "having",
          "order",
          "limit",
          "offset",
          "fetch",
          "window",
          "union",
          "except",
          "intersect",
          "on",
          "using",
          "values",
          "for");

  /** Words after a FROM item that are not its alias: a clause, or a join or operator word. */
  private static final Set<String> NOT_ALIASES =
      Stream.concat(
              CLAUSES.stream(),
              Stream.of(
                  "left",
                  "right",
                  "inner",
                  "outer",
                  "full",
                  "cross",
                  "natural",
                  "lateral",
                  "tablesample",
                  "with",
                  "and",
                  "or",
                  "is",
                  "not",
                  "into"))
          .collect(Collectors.toUnmodifiableSet());

  private final SqlDialect dialect;
  private final AllowedFunctions allowed;

  CallScan(SqlDialect dialect, AllowedFunctions allowed) {
    this.dialect = dialect;
    this.allowed = allowed;
  }

  /** The first call that is not allowed, as a refusal with its position. */
  Optional<SqlGuard.Verdict> scan(List<Token> t) {
    int[] close = matchingParentheses(t);
    String[] clause = clauses(t);
    Map<String, Set<String>> functionAliases = new HashMap<>();
    for (int i = 1; i < t.size(); i++) {
      if (!t.get(i).isPunct('(')) {
        continue;
      }
      boolean rowsFrom = i > 1 && t.get(i - 1).isWord("from") && t.get(i - 2).isWord("rows");
      if (rowsFrom && dialect.calls().attributeCalls() && close[i] > 0) {
        alias(t, close[i], FunctionName.of(t, i - 1, i), functionAliases);
      }
      if (!isName(t.get(i - 1))) {
        continue;
      }
      int s = nameStart(t, i - 1);
      if (!CallWords.isCall(t, s, i, close, dialect)) {
        continue;
      }
      FunctionName name = FunctionName.of(t, s, i);
      Optional<String> refused = allowed.refusal(name, dialect, t.get(i - 1).touches(t.get(i)));
      if (refused.isPresent()) {
        return Optional.of(refuse(refused.get(), t.get(s)));
      }
      if (dialect.calls().attributeCalls() && close[i] > 0 && !clause[s].equals("select")) {
        alias(t, close[i], name, functionAliases);
      }
    }
    return dialect.calls().attributeCalls() ? attributeCalls(t, functionAliases) : Optional.empty();
  }

  /** {@code (…).name}, {@code […].name} and {@code alias.name} over a function in FROM. */
  private Optional<SqlGuard.Verdict> attributeCalls(
      List<Token> t, Map<String, Set<String>> functionAliases) {
    for (int j = 1; j + 1 < t.size(); j++) {
      Token before = t.get(j - 1);
      Token field = t.get(j + 1);
      if (!t.get(j).isPunct('.') || !isName(field)) {
        continue;
      }
      if (j + 2 < t.size() && t.get(j + 2).isPunct('(')) {
        continue;
      }
      FunctionName name = FunctionName.of(t, j + 1, j + 2);
      String folded = name.foldedLast(dialect);
      if (before.isPunct(')') || before.isPunct(']')) {
        Optional<String> refused = allowed.refusal(name, dialect, true);
        if (refused.isPresent()) {
          return Optional.of(
              refuse(
                  "(…)."
                      + field.text()
                      + ": PostgreSQL reads (value)."
                      + field.text()
                      + " as a call of "
                      + field.text()
                      + "(value) when the value has no field of that name, and "
                      + refused.get()
                      + "; to read a field, select it unqualified from the function in FROM",
                  field));
        }
        continue;
      }
      boolean firstPart = j < 2 || !t.get(j - 2).isPunct('.');
      if (!isName(before) || !firstPart) {
        continue;
      }
      String alias = FunctionName.of(t, j - 1, j).foldedLast(dialect);
      Set<String> columns = functionAliases.get(alias);
      if (columns == null || columns.contains(folded)) {
        continue;
      }
      Optional<String> refused = allowed.refusal(name, dialect, true);
      if (refused.isPresent()) {
        String ref = before.text() + "." + field.text();
        return Optional.of(
            refuse(
                ref
                    + ": "
                    + before.text()
                    + " is a function in FROM, and PostgreSQL reads "
                    + ref
                    + " as a call of "
                    + field.text()
                    + "("
                    + before.text()
                    + ") when "
                    + before.text()
                    + " has no column of that name, and "
                    + refused.get()
                    + "; name the column in the alias (AS "
                    + before.text()
                    + "("
                    + field.text()
                    + ", …)) or write it unqualified",
                before));
      }
    }
    return Optional.empty();
  }

  /**
   * Records the alias of a call that may stand as a FROM item ({@code FROM f(…) [WITH ORDINALITY]
   * [AS] g[(a, b)]}) with the column names it declares, and the function's own name, which is the
   * alias when none is written. Calls outside the select list are all recorded: a word after {@code
   * WHERE f(x)} taken for an alias only makes the check stricter.
   */
  private void alias(
      List<Token> t, int close, FunctionName function, Map<String, Set<String>> aliases) {
    String own = function.foldedLast(dialect);
    record(aliases, own, Set.of(own));
    int k = close + 1;
    if (k + 1 < t.size() && t.get(k).isWord("with") && t.get(k + 1).isWord("ordinality")) {
      k += 2;
    }
    boolean as = k < t.size() && t.get(k).isWord("as");
    if (as) {
      k++;
    }
    if (k >= t.size() || !isName(t.get(k)) || (!as && NOT_ALIASES.contains(t.get(k).name()))) {
      return;
    }
    String alias = FunctionName.of(t, k, k + 1).foldedLast(dialect);
    Set<String> columns = new HashSet<>();
    if (k + 1 < t.size() && t.get(k + 1).isPunct('(')) {
      columnNames(t, k + 1, columns);
    } else {
      columns.add(alias);
    }
    record(aliases, alias, columns);
  }

  /** Two FROM items with one alias: only the columns both declare. */
  private static void record(Map<String, Set<String>> aliases, String alias, Set<String> columns) {
    aliases.merge(
        alias,
        columns,
        (a, b) -> {
          Set<String> both = new HashSet<>(a);
          both.retainAll(b);
          return both;
        });
  }

  /** The first name of each element of the list opened at {@code open}: {@code (a int, b text)}. */
  private void columnNames(List<Token> t, int open, Set<String> out) {
    int depth = 0;
    boolean expectName = true;
    for (int k = open; k < t.size(); k++) {
      Token x = t.get(k);
      if (x.isPunct('(')) {
        depth++;
      } else if (x.isPunct(')')) {
        if (--depth == 0) {
          return;
        }
      } else if (depth == 1 && x.isPunct(',')) {
        expectName = true;
      } else if (depth == 1 && expectName && isName(x)) {
        out.add(FunctionName.of(t, k, k + 1).foldedLast(dialect));
        expectName = false;
      }
    }
  }

  /** Walks back over {@code schema.} qualifiers from the last part of a name. */
  private static int nameStart(List<Token> t, int last) {
    int s = last;
    while (s >= 2 && t.get(s - 1).isPunct('.') && isName(t.get(s - 2))) {
      s -= 2;
    }
    return s;
  }

  /** For each {@code (}, the index of its {@code )}; 0 when it is not closed. */
  private static int[] matchingParentheses(List<Token> t) {
    int[] close = new int[t.size()];
    Deque<Integer> open = new ArrayDeque<>();
    for (int i = 0; i < t.size(); i++) {
      if (t.get(i).isPunct('(')) {
        open.push(i);
      } else if (t.get(i).isPunct(')') && !open.isEmpty()) {
        close[open.pop()] = i;
      }
    }
    return close;
  }

  static boolean isName(Token t) {
    return t.kind() == Kind.WORD || t.kind() == Kind.QUOTED;
  }

  /**
   * For each token, the clause keyword last seen at its level of parentheses ({@code select},
   * {@code from} for FROM and JOIN, {@code where}…), or empty.
   */
  private static String[] clauses(List<Token> t) {
    String[] out = new String[t.size()];
    Deque<String> levels = new ArrayDeque<>();
    levels.push("");
    for (int i = 0; i < t.size(); i++) {
      Token x = t.get(i);
      if (x.isPunct('(')) {
        out[i] = levels.peek();
        levels.push("");
        continue;
      }
      if (x.isPunct(')') && levels.size() > 1) {
        levels.pop();
      } else if (x.kind() == Kind.WORD && CLAUSES.contains(x.name())) {
        levels.pop();
        levels.push(x.name().equals("join") ? "from" : x.name());
      }
      out[i] = levels.peek();
    }
    return out;
  }

  private static SqlGuard.Verdict refuse(String reason, Token at) {
    return SqlGuard.Verdict.refuse(reason, at.line(), at.column());
  }
}
