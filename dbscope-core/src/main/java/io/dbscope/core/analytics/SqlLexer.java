package io.dbscope.core.analytics;

/**
 * A minimal SQL scanner for classification and obfuscation: it tells words, punctuation, literals,
 * quoted identifiers and comments apart, so that a keyword inside a string or comment is never
 * mistaken for one of the statement. It understands both dialects' quoting: {@code '…'} strings
 * with doubled quotes or backslash escapes, {@code "…"} and {@code `…`}, PostgreSQL's {@code
 * $tag$…$tag$}, {@code --}, {@code #} and nested {@code /* … *}{@code /} comments. An unterminated
 * token runs to the end of the text (normalized texts are often truncated).
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
  private final boolean hashComments;
  private int pos;
  private int start;
  private Type type;

  /**
   * @param hashComments whether {@code #} starts a comment (MySQL) rather than being an operator
   */
  SqlLexer(String s, boolean hashComments) {
    this.s = s;
    this.hashComments = hashComments;
  }

  /** Advances to the next token; false at the end. */
  boolean next() {
    if (pos >= s.length()) {
      return false;
    }
    start = pos;
    char c = s.charAt(pos);
    if (Character.isWhitespace(c)) {
      while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
        pos++;
      }
      type = Type.SPACE;
    } else if (c == '-' && at(pos + 1) == '-' || hashComments && c == '#') {
      int nl = s.indexOf('\n', pos);
      pos = nl < 0 ? s.length() : nl;
      type = Type.COMMENT;
    } else if (c == '/' && at(pos + 1) == '*') {
      blockComment();
      type = Type.COMMENT;
    } else if (c == '\'') {
      quoted('\'', true);
      type = Type.STRING;
    } else if (c == '"' || c == '`') {
      quoted(c, false);
      type = Type.QUOTED;
    } else if (c == '$' && Character.isDigit(at(pos + 1))) {
      pos++;
      while (pos < s.length() && Character.isDigit(s.charAt(pos))) {
        pos++;
      }
      type = Type.PARAM;
    } else if (c == '$' && dollarQuote()) {
      type = Type.DOLLAR;
    } else if (Character.isDigit(c) || c == '.' && Character.isDigit(at(pos + 1))) {
      number();
      type = Type.NUMBER;
    } else if (Character.isLetter(c) || c == '_') {
      while (pos < s.length() && isWordChar(s.charAt(pos))) {
        pos++;
      }
      type = Type.WORD;
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

  /** Whether the current word equals {@code upper}, ignoring case. */
  boolean is(String upper) {
    return type == Type.WORD
        && pos - start == upper.length()
        && s.regionMatches(true, start, upper, 0, upper.length());
  }

  private char at(int i) {
    return i < s.length() ? s.charAt(i) : '\0';
  }

  private static boolean isWordChar(char c) {
    return Character.isLetterOrDigit(c) || c == '_' || c == '$';
  }

  private void blockComment() {
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

  private void quoted(char q, boolean backslash) {
    pos++;
    while (pos < s.length()) {
      char c = s.charAt(pos);
      if (backslash && c == '\\') {
        pos += 2;
      } else if (c == q) {
        if (at(pos + 1) == q) {
          pos += 2;
        } else {
          pos++;
          return;
        }
      } else {
        pos++;
      }
    }
    pos = s.length();
  }

  /** A {@code $tag$ … $tag$} string; false (nothing consumed) when {@code $} starts no tag. */
  private boolean dollarQuote() {
    int i = pos + 1;
    while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_')) {
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

  private void number() {
    if (s.charAt(pos) == '0' && (at(pos + 1) == 'x' || at(pos + 1) == 'X' || at(pos + 1) == 'b')) {
      pos += 2;
      while (pos < s.length() && Character.isLetterOrDigit(s.charAt(pos))) {
        pos++;
      }
      return;
    }
    while (pos < s.length()) {
      char c = s.charAt(pos);
      if (Character.isDigit(c) || c == '.') {
        pos++;
      } else if ((c == 'e' || c == 'E')
          && (Character.isDigit(at(pos + 1))
              || (at(pos + 1) == '+' || at(pos + 1) == '-') && Character.isDigit(at(pos + 2)))) {
        pos += 2;
      } else {
        return;
      }
    }
  }
}
