package io.dbscope.engine.redis;

import java.util.regex.Pattern;

/**
 * A Lua pattern, as redis_exporter's {@code --check-key-groups} takes them (they run in its Lua
 * script with {@code string.match}), translated to a Java regex: {@code %a %d %l %s %u %w %x %p %c}
 * and their upper-case complements, {@code %} escapes, sets, {@code . * + ? -} (lazy {@code *}),
 * {@code ^} and {@code $} anchors, captures. {@code %b}, {@code %f} and back references ({@code
 * %1}) are refused: dbscope matches on its side and runs no script.
 */
final class LuaPattern {
  private LuaPattern() {}

  /**
   * @throws IllegalArgumentException naming what is not supported
   */
  static Pattern compile(String lua) {
    StringBuilder re = new StringBuilder();
    boolean inSet = false;
    for (int i = 0; i < lua.length(); i++) {
      char c = lua.charAt(i);
      if (c == '%') {
        if (++i >= lua.length()) {
          throw new IllegalArgumentException("ends with a lone %");
        }
        re.append(escape(lua.charAt(i), inSet));
      } else if (inSet) {
        if (c == ']' && re.charAt(re.length() - 1) != '[') {
          inSet = false;
          re.append(']');
        } else if (c == '^' && re.charAt(re.length() - 1) == '[') {
          re.append('^');
        } else {
          re.append(Character.isLetterOrDigit(c) ? String.valueOf(c) : "\\" + c);
        }
      } else {
        switch (c) {
          case '[' -> {
            inSet = true;
            re.append('[');
          }
          case '-' -> re.append("*?");
          case '^' -> re.append(i == 0 ? "^" : "\\^");
          case '$' -> re.append(i == lua.length() - 1 ? "$" : "\\$");
          case '.', '*', '+', '?', '(', ')' -> re.append(c);
          default -> re.append(Character.isLetterOrDigit(c) ? String.valueOf(c) : "\\" + c);
        }
      }
    }
    if (inSet) {
      throw new IllegalArgumentException("a set [ is not closed");
    }
    return Pattern.compile(re.toString(), Pattern.DOTALL);
  }

  private static String escape(char c, boolean inSet) {
    String cls =
        switch (Character.toLowerCase(c)) {
          case 'a' -> "\\p{Alpha}";
          case 'd' -> "\\d";
          case 'l' -> "\\p{Lower}";
          case 's' -> "\\s";
          case 'u' -> "\\p{Upper}";
          case 'w' -> "\\p{Alnum}";
          case 'x' -> "\\p{XDigit}";
          case 'p' -> "\\p{Punct}";
          case 'c' -> "\\p{Cntrl}";
          default -> null;
        };
    if (cls != null) {
      if (Character.isUpperCase(c)) {
        return inSet ? "[^" + cls + "]" : "[^" + cls + "]";
      }
      return cls;
    }
    if (Character.isLetterOrDigit(c)) {
      throw new IllegalArgumentException("%" + c + " is not supported");
    }
    return "\\" + c;
  }
}
