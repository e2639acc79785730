package io.dbscope.server.deploy;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Pulls metric names out of PromQL text with a few regular expressions, no parser: strings, label
 * matchers, ranges and label lists are blanked out, and every identifier left that is not a
 * function call or a keyword is a metric name. Good enough for the simple expressions of rules and
 * dashboards, which is all it is used for; promtool checks the syntax itself.
 *
 * <pre>{@code
 * PromqlNames.metrics("sum without (datname) (rate(pg_stat_database_xact_commit{a=\"b\"}[5m]))")
 * // [pg_stat_database_xact_commit]
 * }</pre>
 */
final class PromqlNames {
  private static final Pattern STRING =
      Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|`[^`]*`");
  private static final Pattern MATCHERS = Pattern.compile("\\{[^}]*\\}");
  private static final Pattern RANGE = Pattern.compile("\\[[^\\]]*\\]");
  private static final Pattern LABEL_LIST =
      Pattern.compile("\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
  // Possessive, so that "sum(" does not match as "su"; not after a digit ("1d"), '.', '$' ($var).
  private static final Pattern IDENTIFIER =
      Pattern.compile("(?<![\\w:.$])([a-zA-Z_:][\\w:]*+)(?!\\s*\\()");
  private static final Pattern RATE_ARGUMENT =
      Pattern.compile("\\b(?:rate|irate|increase)\\s*\\(\\s*([a-zA-Z_:][\\w:]*+)");
  private static final Set<String> KEYWORDS =
      Set.of(
          "and",
          "or",
          "unless",
          "offset",
          "bool",
          "by",
          "without",
          "on",
          "ignoring",
          "group_left",
          "group_right",
          "atan2",
          "inf",
          "nan",
          "Inf",
          "NaN");

  private PromqlNames() {}

  /** Metric names an expression selects. */
  static Set<String> metrics(String expr) {
    String s = blank(STRING, expr);
    s = blank(MATCHERS, s);
    s = blank(RANGE, s);
    s = blank(LABEL_LIST, s);
    Set<String> out = new LinkedHashSet<>();
    Matcher m = IDENTIFIER.matcher(s);
    while (m.find()) {
      if (!KEYWORDS.contains(m.group(1))) {
        out.add(m.group(1));
      }
    }
    return out;
  }

  /** Metric names passed directly to {@code rate}, {@code irate} or {@code increase}. */
  static Set<String> rated(String expr) {
    Set<String> out = new LinkedHashSet<>();
    Matcher m = RATE_ARGUMENT.matcher(blank(STRING, expr));
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  private static String blank(Pattern p, String s) {
    return p.matcher(s).replaceAll(" ");
  }
}
