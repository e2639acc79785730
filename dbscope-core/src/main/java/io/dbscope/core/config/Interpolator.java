package io.dbscope.core.config;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * Replaces {@code ${NAME}} and {@code ${NAME:-default}} in config strings with environment
 * variables, as a shell does: the default applies when the variable is unset or empty, and {@code
 * $${} writes a literal {@code ${}. Applied to every string value of the config (including
 * passwords, labels and list items), before {@code ENC()} decoding.
 *
 * <p>The environment is passed in (the process's {@code System.getenv()} in production, a map in
 * tests), so that the loader has no hidden input.
 */
final class Interpolator {
  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private final Map<String, String> env;

  Interpolator(Map<String, String> env) {
    this.env = Map.copyOf(env);
  }

  /** Whether the text contains a {@code ${...}} reference (a {@code $${} escape is not one). */
  static boolean hasReference(String text) {
    for (int i = text.indexOf("${"); i >= 0; i = text.indexOf("${", i + 2)) {
      if (i == 0 || text.charAt(i - 1) != '$') {
        return true;
      }
    }
    return false;
  }

  /**
   * @throws IllegalArgumentException naming the unset variable, or explaining the bad syntax; never
   *     quoting the text, which may be a password
   */
  String apply(String text) {
    if (!text.contains("${")) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length());
    int i = 0;
    while (i < text.length()) {
      if (text.startsWith("$${", i)) {
        out.append("${");
        i += 3;
      } else if (text.startsWith("${", i)) {
        int close = text.indexOf('}', i + 2);
        if (close < 0) {
          throw new IllegalArgumentException("unclosed ${ (write $${ for a literal ${)");
        }
        out.append(resolve(text.substring(i + 2, close)));
        i = close + 1;
      } else {
        out.append(text.charAt(i++));
      }
    }
    return out.toString();
  }

  private String resolve(String reference) {
    int sep = reference.indexOf(":-");
    String name = sep < 0 ? reference : reference.substring(0, sep);
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "${...} must hold a variable name (letters, digits and _), optionally followed by"
              + " :-default (write $${ for a literal ${)");
    }
    String value = env.get(name);
    if (value != null && !(sep >= 0 && value.isEmpty())) {
      return value;
    }
    if (sep >= 0) {
      return reference.substring(sep + 2);
    }
    throw new IllegalArgumentException(
        "environment variable "
            + name
            + " is not set (write ${"
            + name
            + ":-default} to give a default)");
  }
}
