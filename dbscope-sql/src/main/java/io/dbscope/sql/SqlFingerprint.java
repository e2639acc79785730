package io.dbscope.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * One statement's fingerprint wherever its text comes from: the application's text with {@code ?}
 * placeholders, PostgreSQL's {@code pg_stat_statements.query} with {@code $1} and MySQL or
 * MariaDB's {@code DIGEST_TEXT} (keywords upper case, identifiers in backticks, lists as {@code
 * (...)}) all give the same {@link #text} and {@link #id}, so that application-side statistics and
 * the server's can be put side by side.
 *
 * <p>Rules: comments and whitespace go; every literal, parameter ({@code ?}, {@code $n}) and {@code
 * NULL}/{@code TRUE}/{@code FALSE} becomes {@code ?}, a sign before a literal is part of it;
 * identifiers lose their quotes and, like keywords, are lower-cased; a parenthesized list of
 * nothing but {@code ?} (or MySQL's {@code ...}) becomes {@code (?)}, and repeated {@code (?)} rows
 * after {@code VALUES} become one. Tokens are joined by one space. Only the first {@link #MAX_READ}
 * characters are read: MySQL cuts its digest texts at 1024 bytes by default, so a longer statement
 * may differ there.
 *
 * <pre>{@code
 * SqlFingerprint.text("SELECT * FROM t WHERE id IN (?, ?)", SqlDialect.POSTGRES)
 * // "select * from t where id in ( ? )"
 * SqlFingerprint.id("SELECT * FROM `t` WHERE `id` IN (...)", SqlDialect.MYSQL) // same id
 * }</pre>
 */
public final class SqlFingerprint {
  /** Characters read at most. */
  public static final int MAX_READ = 16_384;

  private static final String Q = "?";
  private static final Set<String> VALUE_WORDS = Set.of("null", "true", "false");

  /** Words after which a {@code -} is a sign, not a minus. */
  private static final Set<String> SIGN_AFTER =
      Set.of(
          "select", "where", "and", "or", "not", "values", "then", "else", "when", "by", "limit",
          "offset", "between", "in", "is", "on", "set", "like", "return", "having");

  private SqlFingerprint() {}

  /** The normalized text; null stays null. */
  public static String text(String sql, SqlDialect dialect) {
    if (sql == null) {
      return null;
    }
    String s = sql.length() > MAX_READ ? sql.substring(0, MAX_READ) : sql;
    List<String> t = new ArrayList<>();
    SqlLexer lx = new SqlLexer(s, dialect);
    while (lx.next()) {
      switch (lx.type()) {
        case SPACE, COMMENT -> {}
        case STRING, NUMBER, DOLLAR, PARAM -> value(t);
        case QUOTED -> t.add(unquote(lx.text()));
        case WORD -> {
          String w = lx.text().toLowerCase(Locale.ROOT);
          if (VALUE_WORDS.contains(w)) {
            value(t);
          } else {
            t.add(w);
          }
        }
        default -> {
          if (lx.first() == '?') {
            value(t);
          } else {
            t.add(lx.text());
            collapse(t);
          }
        }
      }
    }
    return String.join(" ", t);
  }

  /** A 64-bit hash of {@link #text} as 16 hex digits; null stays null. */
  public static String id(String sql, SqlDialect dialect) {
    String text = text(sql, dialect);
    return text == null ? null : idOfText(text);
  }

  /** The id of a text that {@link #text} already normalized. */
  public static String idOfText(String text) {
    return format(hashOfText(text));
  }

  /** The id as a number (FNV-1a, 64 bits), for holders that keep 8 bytes rather than a string. */
  public static long hashOfText(String text) {
    long h = 0xcbf29ce484222325L;
    for (int i = 0; i < text.length(); i++) {
      h ^= text.charAt(i);
      h *= 0x100000001b3L;
    }
    return h;
  }

  /** A {@link #hashOfText} as the 16 hex digits of {@link #id}. */
  public static String format(long hash) {
    return String.format("%016x", hash);
  }

  private static void value(List<String> t) {
    int n = t.size();
    if (n >= 1 && (t.get(n - 1).equals("-") || t.get(n - 1).equals("+")) && signContext(t, n - 2)) {
      t.remove(n - 1);
    }
    t.add(Q);
  }

  private static boolean signContext(List<String> t, int i) {
    if (i < 0) {
      return true;
    }
    String p = t.get(i);
    if (SIGN_AFTER.contains(p)) {
      return true;
    }
    return p.length() == 1 && "(,=<>+-*/%".indexOf(p.charAt(0)) >= 0;
  }

  /** After a {@code )}: a list of values becomes {@code ( ? )}, repeated rows one. */
  private static void collapse(List<String> t) {
    int n = t.size();
    if (!t.get(n - 1).equals(")")) {
      return;
    }
    int open = n - 2;
    while (open >= 0 && !t.get(open).equals("(")) {
      String x = t.get(open);
      if (!x.equals(Q) && !x.equals(",") && !x.equals(".")) {
        return;
      }
      open--;
    }
    if (open < 0 || open == n - 2) {
      return;
    }
    t.subList(open + 1, n - 1).clear();
    t.add(open + 1, Q);
    // "( ? ) , ( ? )": the second row goes.
    int m = t.size();
    if (m >= 7
        && t.get(m - 4).equals(",")
        && t.get(m - 5).equals(")")
        && t.get(m - 6).equals(Q)
        && t.get(m - 7).equals("(")) {
      t.subList(m - 4, m).clear();
    }
  }

  private static String unquote(String quoted) {
    String inner = quoted.length() >= 2 ? quoted.substring(1, quoted.length() - 1) : quoted;
    return inner.toLowerCase(Locale.ROOT);
  }
}
