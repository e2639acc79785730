package io.dbscope.core.analytics;

/**
 * Replaces literals in raw SQL with {@code ?}, so that an event carries the statement's shape but
 * not the data in it: strings ({@code '…'}, and for MySQL {@code "…"}), PostgreSQL's {@code
 * $tag$…$tag$} strings, numbers, hexadecimal and bit literals. Identifiers (also quoted ones),
 * keywords and parameters ({@code $1}) are kept; comments are dropped, since applications put
 * request data in them too. Whitespace runs become one space (none before {@code , ; )}). The text
 * is then cut to a length.
 *
 * <pre>{@code
 * SqlObfuscator.obfuscate("SELECT * FROM t WHERE name = 'bob' AND id = 42", Dialect.MYSQL, 200)
 * // "SELECT * FROM t WHERE name = ? AND id = ?"
 * }</pre>
 */
public final class SqlObfuscator {

  /** How double quotes are read: PostgreSQL identifiers, or MySQL strings. */
  public enum Dialect {
    POSTGRES,
    MYSQL
  }

  private SqlObfuscator() {}

  /** The obfuscated text, at most {@code maxLength} characters; null stays null. */
  public static String obfuscate(String sql, Dialect dialect, int maxLength) {
    if (sql == null) {
      return null;
    }
    StringBuilder out = new StringBuilder(Math.min(sql.length(), maxLength + 16));
    SqlLexer lx = new SqlLexer(sql, dialect == Dialect.MYSQL);
    boolean wordBefore = false;
    boolean space = false;
    while (lx.next() && out.length() <= maxLength) {
      if (lx.type() == SqlLexer.Type.SPACE || lx.type() == SqlLexer.Type.COMMENT) {
        space = !out.isEmpty();
        wordBefore = false;
        continue;
      }
      if (space && !(lx.type() == SqlLexer.Type.PUNCT && ",;)".indexOf(lx.first()) >= 0)) {
        out.append(' ');
      }
      space = false;
      switch (lx.type()) {
        case STRING, DOLLAR, NUMBER -> {
          // E'…', B'…', X'…', N'…' and _utf8'…' prefixes are words right before the quote.
          if (wordBefore && lx.type() == SqlLexer.Type.STRING) {
            trimPrefix(out);
          }
          out.append('?');
        }
        case QUOTED -> {
          if (dialect == Dialect.MYSQL && lx.first() == '"') {
            out.append('?');
          } else {
            out.append(lx.text());
          }
        }
        default -> out.append(lx.text());
      }
      wordBefore = lx.type() == SqlLexer.Type.WORD;
    }
    String s = out.toString().strip();
    return s.length() <= maxLength ? s : s.substring(0, maxLength);
  }

  /** Removes a literal's one-word prefix (E, B, X, N, _charset) just appended. */
  private static void trimPrefix(StringBuilder out) {
    int i = out.length();
    while (i > 0 && (Character.isLetterOrDigit(out.charAt(i - 1)) || out.charAt(i - 1) == '_')) {
      i--;
    }
    String word = out.substring(i);
    if (word.length() == 1 && "EeBbXxNn".indexOf(word.charAt(0)) >= 0 || word.startsWith("_")) {
      out.setLength(i);
    }
  }
}
