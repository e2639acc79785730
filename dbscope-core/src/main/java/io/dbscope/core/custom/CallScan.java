package io.dbscope.core.custom;

import io.dbscope.core.custom.SqlTokens.Kind;
import io.dbscope.core.custom.SqlTokens.Token;
import io.dbscope.core.engine.SqlDialect;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The function layer of {@link SqlGuard}, on tokens, so that it holds for queries the parser cannot
 * read too: every call in the text must be allowed by {@link AllowedFunctions}.
 *
 * <p>A call is a name before {@code (}, except where the grammar reads that name as something else:
 * keywords ({@code IN (}, {@code EXISTS (}, {@code = ANY (}, {@code VALUES (}), a window or filter
 * after a call ({@code count(*) FILTER (…) OVER (…)}), a type with a modifier ({@code ::numeric(10,2)},
 * {@code CAST(x AS varchar(3))}), a table alias with column names ({@code AS g(n)}, {@code
 * generate_series(1, 3) g(n)}) and a CTE's column list ({@code WITH r(n) AS (…)}). Each exception
 * is limited to the place where the server cannot read a call.
 *
 * <p>PostgreSQL also calls a one-argument function without {@code (}: {@code (value).f} is {@code
 * f(value)} when the value has no field {@code f}, and {@code g.f} is {@code f(g)} when {@code g}
 * has no column {@code f} — with {@code FROM generate_series(…) g}, {@code g.pg_advisory_lock}
 * takes a lock. So, for PostgreSQL and the neutral dialect, {@code (…).name} and {@code
 * alias.name} over a function in {@code FROM} are refused unless {@code name} is an allowed
 * function or a column named in the alias. (Tables, views and subqueries give a composite value,
 * which no built-in function with an effect accepts.)
 */
final class CallScan {
  /**
   * Words that no dialect's grammar reads as a function name before {@code (} (checked against
   * PostgreSQL and MariaDB: {@code SELECT word(1)} is a syntax error or not a call).
   */
  private static final Set<String> SYNTAX =
      Set.of(
          "all", "and", "as", "between", "by", "case", "distinct", "else", "exists", "for",
          "from", "group", "having", "in", "limit", "not", "on", "or", "row", "select", "then",
          "to", "union", "using", "values", "when", "where");

  /** Syntax before {@code (} in PostgreSQL only; MySQL may read these as stored functions. */
  private static final Set<String> SYNTAX_POSTGRES =
      Set.of("array", "except", "intersect", "lateral", "offset");

  /** Words after a FROM item that are not its alias. */
  private static final Set<String> NOT_ALIASES =
      Set.of(
          "select", "from", "join", "where", "group", "having", "order", "limit", "offset",
          "fetch", "window", "union", "except", "intersect", "on", "using", "values", "for",
          "left", "right", "inner", "outer", "full", "cross", "natural", "lateral",
          "tablesample", "with", "and", "or", "is", "not", "into");

  /** Keywords that start a clause, for telling FROM items from select-list calls. */
  private static final Set<String> CLAUSES =
      Set.of(
          "select", "from", "join", "where", "group", "having", "order", "limit", "offset",
          "fetch", "window", "union", "except", "intersect", "on", "using", "values", "for");

  /**
   * Keywords after which an expression starts: {@code like (} after one of them is a call, after
   * anything else ({@code name LIKE (…)}) an operator.
   */
  private static final Set<String> BEFORE_EXPRESSION =
      Set.of(
          "all", "and", "any", "as", "between", "by", "case", "distinct", "else", "escape",
          "except", "exists", "from", "having", "ilike", "in", "intersect", "is", "join", "like",
          "limit", "not", "offset", "on", "or", "select", "similar", "some", "then", "to",
          "union", "using", "values", "when", "where", "with");

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
      if (rowsFrom && dialect != SqlDialect.MYSQL && close[i] > 0) {
        alias(t, close[i], FunctionName.of(t, i - 1, i), functionAliases);
      }
      if (!isName(t.get(i - 1))) {
        continue;
      }
      int s = nameStart(t, i - 1);
      if (!isCall(t, s, i, close)) {
        continue;
      }
      FunctionName name = FunctionName.of(t, s, i);
      Optional<String> refused = allowed.refusal(name, dialect, t.get(i - 1).touches(t.get(i)));
      if (refused.isPresent()) {
        return Optional.of(refuse(refused.get(), t.get(s)));
      }
      if (dialect != SqlDialect.MYSQL && close[i] > 0 && !clause[s].equals("select")) {
        alias(t, close[i], name, functionAliases);
      }
    }
    return dialect == SqlDialect.MYSQL
        ? Optional.empty()
        : attributeCalls(t, functionAliases);
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
   * Records the alias of a call that may stand as a FROM item ({@code FROM f(…) [WITH
   * ORDINALITY] [AS] g[(a, b)]}) with the column names it declares, and the function's own name,
   * which is the alias when none is written. Calls outside the select list are all recorded: a
   * word after {@code WHERE f(x)} taken for an alias only makes the check stricter.
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

  /** Whether {@code name (} at tokens {@code s}..{@code i} is read by the server as a call. */
  private boolean isCall(List<Token> t, int s, int i, int[] close) {
    Token first = t.get(s);
    Token prev = s > 0 ? t.get(s - 1) : null;
    if (prev != null) {
      if (prev.isPunct(':') && s > 1 && t.get(s - 2).isPunct(':') && t.get(s - 2).touches(prev)) {
        return false; // x::numeric(10,2)
      }
      if (prev.isWord("as") || prev.isPunct(')') || prev.isPunct(']')) {
        return false; // AS g(n), CAST(x AS varchar(3)), f(…) g(n), OVER (, FILTER (
      }
      if (prev.isWord("tablesample") || prev.isWord("ordinality")) {
        return false; // TABLESAMPLE SYSTEM (10), WITH ORDINALITY u(v, i)
      }
    }
    if (cteColumns(t, close[i])) {
      return false; // WITH r(n) AS (…), s(a) AS MATERIALIZED (…)
    }
    if (first.kind() != Kind.WORD || s != i - 1) {
      return true;
    }
    String w = first.name();
    if (SYNTAX.contains(w) || (dialect == SqlDialect.POSTGRES && SYNTAX_POSTGRES.contains(w))) {
      return false;
    }
    if (prev == null) {
      return true;
    }
    return switch (w) {
      case "any", "some" -> !comparison(prev);
      case "like", "ilike", "similar", "join" -> !operand(prev);
      case "varying" ->
          !(prev.isWord("character") || prev.isWord("char") || prev.isWord("bit"));
      case "materialized" -> !(prev.isWord("not") && s > 1 && t.get(s - 2).isWord("as"));
      case "sets" -> !prev.isWord("grouping");
      case "rollup", "cube" -> !prev.isWord("by");
      case "columns" -> prev.kind() != Kind.STRING;
      case "index", "key" ->
          !(prev.isWord("use") || prev.isWord("force") || prev.isWord("ignore"));
      default -> true;
    };
  }

  /** {@code = ANY (…)}, {@code <> SOME (…)}, {@code LIKE ANY (…)}. */
  private static boolean comparison(Token prev) {
    return (prev.kind() == Kind.PUNCT && "=<>!".indexOf(prev.text().charAt(0)) >= 0)
        || prev.isWord("like")
        || prev.isWord("ilike");
  }

  /** After {@code prev}, a keyword is an operator: {@code name LIKE (…)}, {@code t JOIN (…)}. */
  private static boolean operand(Token prev) {
    return switch (prev.kind()) {
      case QUOTED, STRING, NUMBER -> true;
      case WORD -> !BEFORE_EXPRESSION.contains(prev.name());
      case PUNCT -> prev.isPunct(')') || prev.isPunct(']');
    };
  }

  /** A list closed at {@code close} and followed by {@code AS (} or {@code AS [NOT] MATERIALIZED}. */
  private static boolean cteColumns(List<Token> t, int close) {
    if (close <= 0 || close + 2 >= t.size() || !t.get(close + 1).isWord("as")) {
      return false;
    }
    Token next = t.get(close + 2);
    return next.isPunct('(')
        || next.isWord("materialized")
        || (next.isWord("not")
            && close + 3 < t.size()
            && t.get(close + 3).isWord("materialized"));
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

  private static boolean isName(Token t) {
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
