package io.dbscope.core.custom;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The lexical layer of {@link SqlGuard}: splits a query into tokens the way every server agrees on,
 * and refuses whatever servers and the parser read differently.
 *
 * <p>A parser can only vouch for the text it understood. Where PostgreSQL, MySQL/MariaDB and
 * JSqlParser disagree about where a string or comment ends, a query that the parser sees as one
 * harmless string can carry code the server runs: {@code 'a\', pg_read_file(...) --'} is one string
 * to a parser that honours backslash escapes and a call to PostgreSQL, {@code /*! ... *}{@code /}
 * is a comment to the parser and code to MySQL, {@code 1 --x} is a comment to PostgreSQL and {@code
 * 1 - -x} to MySQL, {@code //} starts a comment in JSqlParser and nowhere else. Each such construct
 * is rejected here, before any parser sees the text, so that what remains has one reading:
 *
 * <ul>
 *   <li>no backslash anywhere, no {@code $} that does not continue a word (dollar quoting), no
 *       {@code #}, no {@code //}, no control characters other than tab and line breaks;
 *   <li>{@code --} only when followed by a space, tab or line break;
 *   <li>block comments not nested and not starting with {@code !}, {@code M!} or {@code +} (MySQL
 *       executable comments and optimizer hints);
 *   <li>outside quotes, no character beyond ASCII that is not a letter or digit (no Unicode
 *       spaces);
 *   <li>one statement: a {@code ;} only at the very end.
 * </ul>
 */
final class SqlTokens {
  /** Kinds of token. */
  enum Kind {
    WORD,
    QUOTED,
    STRING,
    NUMBER,
    PUNCT
  }

  /** One token; {@code text} is the source text (quotes included). */
  record Token(Kind kind, String text, int line, int column) {
    boolean isWord(String w) {
      return kind == Kind.WORD && text.equalsIgnoreCase(w);
    }

    boolean isPunct(char c) {
      return kind == Kind.PUNCT && text.length() == 1 && text.charAt(0) == c;
    }

    /** A name as the server folds it: unquoted lower-cased, quoted without its quotes. */
    String name() {
      if (kind == Kind.QUOTED) {
        return text.substring(1, text.length() - 1).toLowerCase(Locale.ROOT);
      }
      return text.toLowerCase(Locale.ROOT);
    }
  }

  /** Raised with the reason and position of the first construct that is refused. */
  static final class Refused extends Exception {
    private static final long serialVersionUID = 1L;
    final String reason;
    final int line;
    final int column;

    Refused(String reason, int line, int column) {
      super(reason + " (line " + line + ", column " + column + ")");
      this.reason = reason;
      this.line = line;
      this.column = column;
    }
  }

  private final String sql;
  private final List<Token> tokens = new ArrayList<>();
  private int pos;
  private int line = 1;
  private int lineStart;
  private boolean ended;

  private SqlTokens(String sql) {
    this.sql = sql;
  }

  /** The significant tokens of {@code sql} (no comments, no trailing semicolon). */
  static List<Token> scan(String sql) throws Refused {
    SqlTokens t = new SqlTokens(sql);
    t.run();
    return t.tokens;
  }

  private void run() throws Refused {
    while (pos < sql.length()) {
      char c = sql.charAt(pos);
      if (c == '\\') {
        throw refuse("backslash: servers and the parser disagree on backslash escapes");
      }
      if (c == '\n') {
        newline(pos + 1);
        pos++;
        continue;
      }
      if (c == ' ' || c == '\t' || c == '\r') {
        pos++;
        continue;
      }
      if (c < 0x20 || c == 0x7f) {
        throw refuse(String.format("control character U+%04X", (int) c));
      }
      if (c == '-' && peek(1) == '-') {
        lineComment();
        continue;
      }
      if (c == '/' && peek(1) == '*') {
        blockComment();
        continue;
      }
      if (ended) {
        throw refuse("more than one statement: only one read statement is allowed");
      }
      if (c == '/' && peek(1) == '/') {
        throw refuse("'//' is a comment to the parser but not to the server");
      } else if (c == '#') {
        throw refuse("'#' starts a comment in MySQL and is an operator elsewhere");
      } else if (c == '$') {
        throw refuse("'$': dollar quoting and parameters are not accepted");
      } else if (c == ';') {
        ended = true;
        pos++;
      } else if (c == '\'') {
        quoted(Kind.STRING, '\'');
      } else if (c == '"') {
        quoted(Kind.QUOTED, '"');
      } else if (c == '`') {
        quoted(Kind.QUOTED, '`');
      } else if (isWordStart(c)) {
        word();
      } else if (isDigit(c) || (c == '.' && isDigit(peek(1)))) {
        number();
      } else if (c > 0x7f) {
        throw refuse(String.format("character U+%04X outside quotes", (int) c));
      } else {
        add(Kind.PUNCT, pos, pos + 1);
        pos++;
      }
    }
  }

  private void lineComment() throws Refused {
    char next = peek(2);
    if (!(next == 0 || next == ' ' || next == '\t' || next == '\n' || next == '\r')) {
      throw refuse("'--' not followed by a space: MySQL reads it as two minus signs");
    }
    while (pos < sql.length() && sql.charAt(pos) != '\n') {
      checkInside(sql.charAt(pos));
      pos++;
    }
  }

  private void blockComment() throws Refused {
    char first = peek(2);
    if (first == '!' || first == '+' || (first == 'M' && peek(3) == '!')) {
      throw refuse("'/*" + first + "': MySQL executes executable comments and hints");
    }
    int start = pos;
    pos += 2;
    while (pos < sql.length()) {
      char c = sql.charAt(pos);
      if (c == '*' && peek(1) == '/') {
        pos += 2;
        return;
      }
      if (c == '/' && peek(1) == '*') {
        throw refuse("nested comment: PostgreSQL nests comments, MySQL and the parser do not");
      }
      checkInside(c);
      if (c == '\n') {
        newline(pos + 1);
      }
      pos++;
    }
    pos = start;
    throw refuse("comment is not closed");
  }

  private void quoted(Kind kind, char quote) throws Refused {
    int start = pos;
    int startLine = line;
    int startCol = pos - lineStart + 1;
    pos++;
    while (pos < sql.length()) {
      char c = sql.charAt(pos);
      if (c == quote) {
        if (peek(1) == quote) {
          pos += 2;
          continue;
        }
        pos++;
        tokens.add(new Token(kind, sql.substring(start, pos), startLine, startCol));
        return;
      }
      checkInside(c);
      if (c == '\n') {
        newline(pos + 1);
      }
      pos++;
    }
    pos = start;
    throw refuse((kind == Kind.STRING ? "string" : "quoted name") + " is not closed");
  }

  private void word() {
    int start = pos;
    while (pos < sql.length()) {
      char c = sql.charAt(pos);
      if (isWordStart(c) || isDigit(c) || c == '$') {
        pos++;
      } else {
        break;
      }
    }
    add(Kind.WORD, start, pos);
  }

  private void number() {
    int start = pos;
    while (pos < sql.length()) {
      char c = sql.charAt(pos);
      if (isDigit(c) || c == '.' || Character.isLetter(c) && c < 0x80) {
        pos++;
        if ((c == 'e' || c == 'E') && (peek(0) == '+' || peek(0) == '-')) {
          pos++;
        }
      } else {
        break;
      }
    }
    add(Kind.NUMBER, start, pos);
  }

  /** Inside strings, quoted names and comments: only the characters every reader agrees on. */
  private void checkInside(char c) throws Refused {
    if (c == '\\') {
      throw refuse("backslash: servers and the parser disagree on backslash escapes");
    }
    if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f) {
      throw refuse(String.format("control character U+%04X", (int) c));
    }
  }

  private static boolean isWordStart(char c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || c == '_'
        || (c > 0x7f && Character.isLetter(c));
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private char peek(int ahead) {
    int i = pos + ahead;
    return i < sql.length() ? sql.charAt(i) : 0;
  }

  private void newline(int next) {
    line++;
    lineStart = next;
  }

  private void add(Kind kind, int start, int end) {
    tokens.add(new Token(kind, sql.substring(start, end), line, start - lineStart + 1));
  }

  private Refused refuse(String reason) {
    return new Refused(reason, line, pos - lineStart + 1);
  }
}
