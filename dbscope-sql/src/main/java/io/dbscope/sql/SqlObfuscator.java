package io.dbscope.sql;

/**
 * The one normalizer every SQL text passes through before dbscope shows or sends it (the statements
 * API, events, and whatever reads the analytics store later): literals become {@code ?}, so that a
 * text carries the statement's shape but not the data or the passwords in it.
 *
 * <ul>
 *   <li>hidden: strings ({@code '…'} with any prefix, {@code E'…'}, {@code U&'…'}, {@code N'…'},
 *       {@code X'…'}, {@code B'…'}, {@code _utf8mb4'…'}, and for MySQL {@code "…"}), PostgreSQL's
 *       {@code $tag$…$tag$} strings, numbers, and the value of every password clause in whatever
 *       form (see {@link SecretClauses});
 *   <li>kept: identifiers (also quoted ones), keywords and parameters ({@code $1}, {@code ?});
 *   <li>dropped: comments, since applications put request data in them too; whitespace runs become
 *       one space (none before {@code , ; )}).
 * </ul>
 *
 * <p>Fail-safe: where the text cannot be read with certainty (a string whose end depends on a
 * backslash setting of the session, a password clause whose value is no literal), everything from
 * there on is one {@code ?}. A cut text is fine: an unterminated literal is hidden to the end. The
 * result is at most {@code maxLength} characters, and only that much of the input is read. The text
 * is read by the rules of its {@link SqlDialect} (quotes, comments, escapes).
 *
 * <pre>{@code
 * SqlObfuscator.obfuscate("SELECT * FROM t WHERE name = 'bob' AND id = 42", SqlDialect.MYSQL, 200)
 * // "SELECT * FROM t WHERE name = ? AND id = ?"
 * SqlObfuscator.obfuscate("ALTER ROLE app PASSWORD 'S3cr3t'", SqlDialect.POSTGRES, 200)
 * // "ALTER ROLE app PASSWORD ?"
 * }</pre>
 */
public final class SqlObfuscator {

  private SqlObfuscator() {}

  /** The normalized text, at most {@code maxLength} characters; null stays null. */
  public static String obfuscate(String sql, SqlDialect dialect, int maxLength) {
    if (sql == null) {
      return null;
    }
    StringBuilder out = new StringBuilder(Math.min(sql.length(), maxLength + 16));
    SqlLexer lx = new SqlLexer(sql, dialect);
    SecretClauses secrets = new SecretClauses();
    boolean space = false;
    while (out.length() <= maxLength && lx.next()) {
      if (lx.type() == SqlLexer.Type.SPACE || lx.type() == SqlLexer.Type.COMMENT) {
        space = !out.isEmpty();
        continue;
      }
      SecretClauses.Action action = secrets.on(lx);
      if (action == SecretClauses.Action.DROP) {
        continue;
      }
      if (space && !(lx.type() == SqlLexer.Type.PUNCT && ",;)".indexOf(lx.first()) >= 0)) {
        out.append(' ');
      }
      space = false;
      if (action == SecretClauses.Action.STOP) {
        out.append('?');
        break;
      }
      out.append(action == SecretClauses.Action.MASK || literal(lx) ? "?" : lx.text());
    }
    String s = out.toString().strip();
    return s.length() <= maxLength ? s : s.substring(0, maxLength);
  }

  private static boolean literal(SqlLexer lx) {
    return switch (lx.type()) {
      case STRING, DOLLAR, NUMBER -> true;
      default -> false;
    };
  }
}
