package io.dbscope.sql;

import io.dbscope.sql.SqlTokens.Kind;
import io.dbscope.sql.SqlTokens.Token;
import java.util.List;
import java.util.Set;

/**
 * Which {@code name (} in a query the server reads as a call, for {@code CallScan}. Everything is a
 * call except where the grammar reads the name as something else: keywords ({@code IN (}, {@code
 * EXISTS (}, {@code = ANY (}, {@code VALUES (}), a window or filter after a call ({@code count(*)
 * FILTER (…) OVER (…)}), a type with a modifier ({@code ::numeric(10,2)}, {@code CAST(x AS
 * varchar(3))}), a table alias with column names ({@code AS g(n)}, {@code generate_series(1, 3)
 * g(n)}) and a CTE's column list ({@code WITH r(n) AS (…)}). Each exception is limited to the place
 * where the server cannot read a call, so that erring makes the guard stricter, never looser.
 */
public final class CallWords {
  /**
   * Words that no dialect's grammar reads as a function name before {@code (} (checked against
   * PostgreSQL and MariaDB: {@code SELECT word(1)} is a syntax error or not a call).
   */
  private static final Set<String> SYNTAX =
      Set.of(
          "all",
          "and",
          "as",
          "between",
          "by",
          "case",
          "distinct",
          "else",
          "exists",
          "for",
          "from",
          "group",
          "having",
          "in",
          "limit",
          "not",
          "on",
          "or",
          "row",
          "select",
          "then",
          "to",
          "union",
          "using",
          "values",
          "when",
          "where");

  /**
   * Keywords after which an expression starts: {@code like (} after one of them is a call, after
   * anything else ({@code name LIKE (…)}) an operator.
   */
  private static final Set<String> BEFORE_EXPRESSION =
      Set.of(
          "all",
          "and",
          "any",
          "as",
          "between",
          "by",
          "case",
          "distinct",
          "else",
          "escape",
          "except",
          "exists",
          "from",
          "having",
          "ilike",
          "in",
          "intersect",
          "is",
          "join",
          "like",
          "limit",
          "not",
          "offset",
          "on",
          "or",
          "select",
          "similar",
          "some",
          "then",
          "to",
          "union",
          "using",
          "values",
          "when",
          "where",
          "with");

  private CallWords() {}

  /** Whether {@code name (} at tokens {@code s}..{@code i} is read by the server as a call. */
  public static boolean isCall(List<Token> t, int s, int i, int[] close, SqlDialect dialect) {
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
    if (SYNTAX.contains(w) || dialect.calls().syntaxWords().contains(w)) {
      return false;
    }
    if (prev == null) {
      return true;
    }
    return switch (w) {
      case "any", "some" -> !comparison(prev);
      case "like", "ilike", "similar", "join" -> !operand(prev);
      case "varying" -> !(prev.isWord("character") || prev.isWord("char") || prev.isWord("bit"));
      case "materialized" -> !(prev.isWord("not") && s > 1 && t.get(s - 2).isWord("as"));
      case "sets" -> !prev.isWord("grouping");
      case "rollup", "cube" -> !prev.isWord("by");
      case "columns" -> prev.kind() != Kind.STRING;
      case "index", "key" -> !(prev.isWord("use") || prev.isWord("force") || prev.isWord("ignore"));
      case "operator" -> // a OPERATOR(pg_catalog.=) b
          !(dialect.calls().schemaOperators()
              && operand(prev)
              && catalogOperator(t, i, close[i], dialect.calls().builtInSchema()));
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

  /**
   * {@code (schema.<operator characters>)}, schema the dialect's built-in one ({@code pg_catalog}):
   * a built-in operator named explicitly. Any other schema could hold an operator whose function
   * the guard cannot see, so it stays a call (refused).
   */
  private static boolean catalogOperator(List<Token> t, int open, int close, String schema) {
    if (close < open + 4 || !t.get(open + 1).isWord(schema) || !t.get(open + 2).isPunct('.')) {
      return false;
    }
    for (int k = open + 3; k < close; k++) {
      if (t.get(k).kind() != Kind.PUNCT || t.get(k).isPunct('(') || t.get(k).isPunct(')')) {
        return false;
      }
    }
    return true;
  }

  /**
   * A list closed at {@code close} and followed by {@code AS (} or {@code AS [NOT] MATERIALIZED}.
   */
  private static boolean cteColumns(List<Token> t, int close) {
    if (close <= 0 || close + 2 >= t.size() || !t.get(close + 1).isWord("as")) {
      return false;
    }
    Token next = t.get(close + 2);
    return next.isPunct('(')
        || next.isWord("materialized")
        || (next.isWord("not") && close + 3 < t.size() && t.get(close + 3).isWord("materialized"));
  }
}
