package io.dbscope.sql;

import io.dbscope.sql.SqlTokens.Kind;
import io.dbscope.sql.SqlTokens.Token;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The lexical layer of {@code SqlGuard}: splits a query into tokens the way every server agrees on,
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
 *   <li>one statement: a {@code ;} only at the very end;
 *   <li>no Unicode escapes ({@code U&"…"}, {@code U&'…'}, {@code UESCAPE}): PostgreSQL decodes them
 *       into names the guard would have to decode the same way to see;
 *   <li>bounds on the work the parser is given: at most {@value #MAX_CHARS} characters, {@value
 *       #MAX_TOKENS} tokens and {@value #MAX_DEPTH} levels of parentheses and brackets. The
 *       parser's time grows with nesting (3,000 nested parentheses took it 8.5 s); at these bounds
 *       its worst case measured about a second in a cold JVM on a loaded machine and a tenth of
 *       that once warm (see docs/custom-metrics.md), while the longest built-in query has about 250
 *       tokens and 5 levels.
 * </ul>
 */
public final class SqlTokens {
  /** Characters of a query at most, comments included. */
  public static final int MAX_CHARS = 65_536;

  /** Tokens of a query at most (words, numbers, strings, quoted names, punctuation). */
  public static final int MAX_TOKENS = 4_096;

  /** Levels of parentheses and brackets at most. */
  public static final int MAX_DEPTH = 32;

  private static final String UNICODE_ESCAPES =
      "Unicode escapes (U&\"…\", U&'…', UESCAPE) are not accepted: they can spell a function name"
          + " that the guard does not read; write the name plainly";

  /** Kinds of token. */
  public enum Kind {
    WORD,
    QUOTED,
    STRING,
    NUMBER,
    PUNCT
  }

  /**
   * One token; {@code text} is the source text (quotes included), {@code offset} where it starts in
   * the query.
   */
  public record Token(Kind kind, String text, int line, int column, int offset) {
    public boolean isWord(String w) {
      return kind == Kind.WORD && text.equalsIgnoreCase(w);
    }

    public boolean isPunct(char c) {
      return kind == Kind.PUNCT && text.length() == 1 && text.charAt(0) == c;
    }

    /** Whether {@code next} starts right where this token ends (no space or comment between). */
    public boolean touches(Token next) {
      return offset + text.length() == next.offset;
    }

    /** A name lower-cased, quoted ones without their quotes (for keyword checks). */
    public String name() {
      if (kind == Kind.QUOTED) {
        return text.substring(1, text.length() - 1).toLowerCase(Locale.ROOT);
      }
      return text.toLowerCase(Locale.ROOT);
    }
  }

  /** Raised with the reason and position of the first construct that is refused. */
  public static final class Refused extends Exception {
    private static final long serialVersionUID = 1L;
    public final String reason;
    public final int line;
    public final int column;

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
  private int depth;
  private boolean ended;

  private SqlTokens(String sql) {
    this.sql = sql;
  }

  /** The significant tokens of {@code sql} (no comments, no trailing semicolon). */
  public static List<Token> scan(String sql) throws Refused {
    SqlTokens t = new SqlTokens(sql);
    t.run();
    return t.tokens;
  }

  private void run() throws Refused {
    if (sql.length() > MAX_CHARS) {
      throw new Refused(
          "longer than "
              + MAX_CHARS
              + " characters: the guard's bound on what it gives the parser (a monitoring query"
              + " needs far less)",
          0,
          0);
    }
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
        unicodeEscape();
      } else if (isDigit(c) || (c == '.' && isDigit(peek(1)))) {
        number();
      } else if (c > 0x7f) {
        throw refuse(String.format("character U+%04X outside quotes", (int) c));
      } else {
        nesting(c);
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
        count();
        tokens.add(new Token(kind, sql.substring(start, pos), startLine, startCol, start));
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

  private void word() throws Refused {
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

  private void number() throws Refused {
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

  /** {@code U&"…"} / {@code U&'…'} right after the word just read, or the word UESCAPE. */
  private void unicodeEscape() throws Refused {
    Token w = tokens.getLast();
    boolean prefix =
        w.text().equalsIgnoreCase("u") && peek(0) == '&' && (peek(1) == '"' || peek(1) == '\'');
    if (prefix || w.text().equalsIgnoreCase("uescape")) {
      throw new Refused(UNICODE_ESCAPES, w.line(), w.column());
    }
  }

  private void nesting(char c) throws Refused {
    if (c == '(' || c == '[') {
      depth++;
      if (depth > MAX_DEPTH) {
        throw refuse(
            "nested more than "
                + MAX_DEPTH
                + " levels deep (parentheses and brackets): the guard's bound on what it gives"
                + " the parser, whose time grows with nesting");
      }
    } else if ((c == ')' || c == ']') && depth > 0) {
      depth--;
    }
  }

  private void count() throws Refused {
    if (tokens.size() >= MAX_TOKENS) {
      throw refuse(
          "more than "
              + MAX_TOKENS
              + " tokens: the guard's bound on what it gives the parser (a monitoring query needs"
              + " far fewer)");
    }
  }

  private void add(Kind kind, int start, int end) throws Refused {
    count();
    tokens.add(new Token(kind, sql.substring(start, end), line, start - lineStart + 1, start));
  }

  private Refused refuse(String reason) {
    return new Refused(reason, line, pos - lineStart + 1);
  }
}
