package io.dbscope.server.httpd;

/** HTTP's {@code token} (RFC 9110 section 5.6.2): methods and header names. */
final class Tokens {
  private static final String DELIMITERS = "\"(),/:;<=>?@[\\]{}";

  private Tokens() {}

  static boolean isToken(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c <= ' ' || c >= 127 || DELIMITERS.indexOf(c) >= 0) {
        return false;
      }
    }
    return true;
  }
}
