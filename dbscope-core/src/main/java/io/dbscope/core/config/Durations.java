package io.dbscope.core.config;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as users write them: {@code "500ms"}, {@code "30s"}, {@code "5m"}, {@code "1h"}, {@code
 * "1h30m"}, or a plain number in the key's documented unit (the seed's {@code queryTimeout = 30} is
 * seconds, {@code connMaxLifetime = 30} minutes, {@code slowSqlTime = 10000} milliseconds).
 */
public final class Durations {
  private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h|d)");

  private Durations() {}

  /**
   * @param text the written value
   * @param plainUnit unit of a bare number
   * @throws IllegalArgumentException with a readable reason
   */
  public static Duration parse(String text, ChronoUnit plainUnit) {
    String s = text.trim();
    if (s.isEmpty()) {
      throw new IllegalArgumentException("empty duration");
    }
    if (s.matches("\\d+(\\.\\d+)?")) {
      return ofFraction(Double.parseDouble(s), plainUnit.getDuration());
    }
    Matcher m = PART.matcher(s);
    Duration total = Duration.ZERO;
    int end = 0;
    while (m.find()) {
      if (m.start() != end) {
        break;
      }
      Duration unit =
          switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(1);
            case "s" -> Duration.ofSeconds(1);
            case "m" -> Duration.ofMinutes(1);
            case "h" -> Duration.ofHours(1);
            default -> Duration.ofDays(1);
          };
      total = total.plus(ofFraction(Double.parseDouble(m.group(1)), unit));
      end = m.end();
    }
    if (end != s.length()) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a duration (examples: 500ms, 30s, 5m, 1h30m)");
    }
    return total;
  }

  private static Duration ofFraction(double amount, Duration unit) {
    return Duration.ofNanos(Math.round(amount * unit.toNanos()));
  }

  /** The shortest exact form, for docs and messages: {@code 30s}, {@code 1m30s}, {@code 500ms}. */
  public static String format(Duration d) {
    if (d.isZero()) {
      return "0s";
    }
    StringBuilder sb = new StringBuilder();
    long h = d.toHours();
    int m = d.toMinutesPart();
    int s = d.toSecondsPart();
    int ms = d.toMillisPart();
    if (h > 0) sb.append(h).append('h');
    if (m > 0) sb.append(m).append('m');
    if (s > 0) sb.append(s).append('s');
    if (ms > 0) sb.append(ms).append("ms");
    return sb.toString();
  }
}
