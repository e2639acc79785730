package io.dbscope.sql;

/**
 * A minimal SQL scanner for classification and normalization: it tells words, punctuation,
 * literals, quoted identifiers and comments apart the way the server's own scanner does, so that a
 * keyword inside a string or comment is never mistaken for one of the statement and, above all, a
 * literal is never mistaken for code that would then be shown.
 *
 * <p>What differs between dialects is data ({@link LexicalRules}); the built-in ones read:
 *
 * <ul>
 *   <li>PostgreSQL: {@code '…'} strings with the prefixes {@code E}, {@code B}, {@code X}, {@code
 *       N} and {@code U&} (an {@code E''} string always has backslash escapes), {@code $tag$…$tag$}
 *       strings, {@code "…"} and {@code U&"…"} identifiers, {@code $1} parameters, {@code --} and
 *       nested {@code /* … *}{@code /} comments;
 *   <li>MySQL/MariaDB: {@code '…'} and {@code "…"} strings with the prefixes {@code N}, {@code X},
 *       {@code B} and {@code _charset}, {@code `…`} identifiers, {@code #} and {@code -- } comments
 *       (the dashes followed by a space), flat {@code /* … *}{@code /} comments, and executable
 *       comments ({@code /*!50100 … *}{@code /}, {@code /*M! … *}{@code /}) whose content is read
 *       as SQL, since the server runs it.
 * </ul>
 *
 * <p>Where a plain string ends depends on a session setting dbscope cannot see: whether a backslash
 * escapes the quote ({@code standard_conforming_strings = off}, MySQL's default) or not ({@code
 * standard_conforming_strings = on}, MySQL's {@code NO_BACKSLASH_ESCAPES}). Such a string is
 * scanned both ways; when the two ends differ it is {@link #ambiguous()}, and the caller must not
 * trust anything after it. A {@code _charset} or other word prefix is part of its string token. An
 * unterminated token runs to the end of the text (texts are often truncated).
 *
 * <p>Characters are classed as both servers class them: only ASCII whitespace separates tokens, and
 * every non-ASCII character belongs to a word, so that no Unicode space or letter can make a prefix
 * or a quote look different to dbscope than to the server.
 */
final class SqlLexer {
  enum Type {
    WORD,
    NUMBER,
    STRING,
    QUOTED,
    DOLLAR,
    PARAM,
    COMMENT,
    SPACE,
    PUNCT
  }

  private final String s;
  private final LexicalRules rules;
  private final boolean doubleQuoteStrings;
  private int pos;
  private int start;
  private Type type;
  private boolean ambiguous;
  private boolean inExecutableComment;

  SqlLexer(String s, SqlDialect dialect) {
    this.s = s;
    this.rules = dialect.lexical();
    this.doubleQuoteStrings = rules.doubleQuote() == LexicalRules.DoubleQuote.STRING;
  }

  /** Advances to the next token; false at the end. */
  boolean next() {
    if (pos >= s.length()) {
      return false;
    }
    start = pos;
    ambiguous = false;
    char c = s.charAt(pos);
    if (isSpace(c)) {
      while (pos < s.length() && isSpace(s.charAt(pos))) {
        pos++;
      }
      type = Type.SPACE;
    } else if (c == '-'
            && at(pos + 1) == '-'
            && (!rules.dashNeedsSpace() || dashCommentFollows(at(pos + 2)))
        || rules.hashComments() && c == '#') {
      int nl = s.indexOf('\n', pos);
      pos = nl < 0 ? s.length() : nl;
      type = Type.COMMENT;
    } else if (c == '/' && at(pos + 1) == '*') {
      comment();
      type = Type.COMMENT;
    } else if (inExecutableComment && c == '*' && at(pos + 1) == '/') {
      pos += 2;
      inExecutableComment = false;
      type = Type.COMMENT;
    } else if (c == '\'') {
      string(pos, false);
    } else if (c == '"') {
      if (doubleQuoteStrings) {
        string(pos, false);
      } else {
        pos = end(pos, '"', false);
        type = Type.QUOTED;
      }
    } else if (c == '`' && rules.backtickIdentifiers()) {
      pos = end(pos, '`', false);
      type = Type.QUOTED;
    } else if (c == '$' && rules.dollarParameters() && isDigit(at(pos + 1))) {
      pos++;
      while (pos < s.length() && isDigit(s.charAt(pos))) {
        pos++;
      }
      type = Type.PARAM;
    } else if (c == '$' && rules.dollarQuotes() && dollarQuote()) {
      type = Type.DOLLAR;
    } else if (isDigit(c) || c == '.' && isDigit(at(pos + 1))) {
      number();
      type = Type.NUMBER;
    } else if (isLetter(c) || rules.dollarStartsNames() && c == '$') {
      word();
    } else {
      pos++;
      type = Type.PUNCT;
    }
    return true;
  }

  Type type() {
    return type;
  }

  int start() {
    return start;
  }

  int end() {
    return pos;
  }

  String text() {
    return s.substring(start, pos);
  }

  char first() {
    return s.charAt(start);
  }

  /**
   * Whether the current string ends at a different place depending on whether backslashes escape
   * quotes: the rest of the text cannot be read safely.
   */
  boolean ambiguous() {
    return ambiguous;
  }

  /** Whether the current word equals {@code upper}, ignoring case. */
  boolean is(String upper) {
    return type == Type.WORD
        && pos - start == upper.length()
        && s.regionMatches(true, start, upper, 0, upper.length());
  }

  /** The next character that is not whitespace, or {@code '\0'} at the end. */
  char peek() {
    int i = pos;
    while (i < s.length() && isSpace(s.charAt(i))) {
      i++;
    }
    return at(i);
  }

  private char at(int i) {
    return i < s.length() ? s.charAt(i) : '\0';
  }

  /** MySQL's {@code --} starts a comment only when a space or control character follows. */
  private static boolean dashCommentFollows(char c) {
    return c == '\0' || isSpace(c) || Character.isISOControl(c);
  }

  private static boolean isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\u000B';
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  /** What may start a word: an ASCII letter, {@code _}, or any non-ASCII character. */
  private static boolean isLetter(char c) {
    return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c >= 0x80;
  }

  private static boolean isWordChar(char c) {
    return isLetter(c) || isDigit(c) || c == '$';
  }

  /** A word, or a string whose prefix it is ({@code E'…'}, {@code _utf8mb4'…'}, {@code U&'…'}). */
  private void word() {
    while (pos < s.length() && isWordChar(s.charAt(pos))) {
      pos++;
    }
    type = Type.WORD;
    int len = pos - start;
    char p = Character.toUpperCase(s.charAt(start));
    char q = at(pos);
    if (q == '\'' && (len == 1 && "NXB".indexOf(p) >= 0 || s.charAt(start) == '_')
        || q == '"' && doubleQuoteStrings && s.charAt(start) == '_') {
      string(pos, false);
    } else if (q == '\'' && rules.escapePrefix() && len == 1 && p == 'E') {
      string(pos, true);
    } else if (rules.unicodePrefix() && len == 1 && p == 'U' && q == '&' && at(pos + 1) == '\'') {
      string(pos + 1, false);
    } else if (rules.unicodePrefix() && len == 1 && p == 'U' && q == '&' && at(pos + 1) == '"') {
      pos = end(pos + 1, '"', false);
      type = Type.QUOTED;
    }
  }

  /**
   * A string whose opening quote is at {@code quote}. With {@code escapes} backslashes certainly
   * escape ({@code E''}); otherwise as the dialect says, and where a session setting decides, the
   * string is scanned with and without them.
   */
  private void string(int quote, boolean escapes) {
    char q = s.charAt(quote);
    type = Type.STRING;
    if (escapes || rules.backslash() != LexicalRules.Backslash.SESSION) {
      pos = end(quote, q, escapes || rules.backslash() == LexicalRules.Backslash.ALWAYS);
      return;
    }
    int plain = end(quote, q, false);
    int escaped = end(quote, q, true);
    ambiguous = plain != escaped;
    pos = Math.max(plain, escaped);
  }

  /** Where a quoted token opened at {@code open} ends: after its closing quote, or at the end. */
  private int end(int open, char q, boolean backslash) {
    int i = open + 1;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (backslash && c == '\\') {
        i += 2;
      } else if (c == q) {
        if (at(i + 1) != q) {
          return i + 1;
        }
        i += 2;
      } else {
        i++;
      }
    }
    return s.length();
  }

  private void comment() {
    if (rules.executableComments() && (s.startsWith("/*!", pos) || s.startsWith("/*M!", pos))) {
      // The server runs what an executable comment holds: read it as SQL, drop only the markers.
      pos += s.charAt(pos + 2) == '!' ? 3 : 4;
      while (pos < s.length() && isDigit(s.charAt(pos))) {
        pos++;
      }
      inExecutableComment = true;
      return;
    }
    if (!rules.nestedComments()) {
      int close = s.indexOf("*/", pos + 2);
      pos = close < 0 ? s.length() : close + 2;
      return;
    }
    int depth = 0;
    while (pos < s.length()) {
      if (s.startsWith("/*", pos)) {
        depth++;
        pos += 2;
      } else if (s.startsWith("*/", pos)) {
        depth--;
        pos += 2;
        if (depth == 0) {
          return;
        }
      } else {
        pos++;
      }
    }
  }

  /** A {@code $tag$ … $tag$} string; false (nothing consumed) when {@code $} starts no tag. */
  private boolean dollarQuote() {
    int i = pos + 1;
    while (i < s.length() && (isLetter(s.charAt(i)) || isDigit(s.charAt(i)))) {
      i++;
    }
    if (i >= s.length() || s.charAt(i) != '$') {
      return false;
    }
    String tag = s.substring(pos, i + 1);
    int close = s.indexOf(tag, i + 1);
    pos = close < 0 ? s.length() : close + tag.length();
    return true;
  }

  /**
   * A number with what sticks to it ({@code 0xFF}, {@code 1e-3}, {@code 1_000}, {@code 12abc}), so
   * that no digit of a literal is left outside the token; never a {@code $}, which may open a
   * dollar quote right after a number in PostgreSQL.
   */
  private void number() {
    while (pos < s.length()) {
      char c = s.charAt(pos);
      if (isLetter(c) || isDigit(c) || c == '.') {
        boolean exponent = c == 'e' || c == 'E';
        pos++;
        if (exponent && (at(pos) == '+' || at(pos) == '-') && isDigit(at(pos + 1))) {
          pos++;
        }
      } else {
        return;
      }
    }
  }
}
