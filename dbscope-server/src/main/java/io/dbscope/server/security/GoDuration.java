package io.dbscope.server.security;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Go's {@code time.ParseDuration} syntax ({@code 1m30s}, {@code 250ms}), for {@code rate_limit}.
 */
final class GoDuration {
  private static final Pattern WHOLE = Pattern.compile("(\\d+(\\.\\d*)?(ns|us|µs|ms|s|m|h))+|0");
  private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d*)?)(ns|us|µs|ms|s|m|h)");

  private GoDuration() {}

  static Duration parse(Node node, WebConfigParser parser) throws WebConfigException {
    String text = node.text().orElse("0");
    if (!WHOLE.matcher(text).matches()) {
      throw parser.error(
          node.pointer(), "expected a duration such as 1s, 250ms or 1m30s, got \"" + text + "\"");
    }
    double nanos = 0;
    Matcher m = PART.matcher(text);
    while (m.find()) {
      double n = Double.parseDouble(m.group(1));
      nanos +=
          n
              * switch (m.group(2)) {
                case "ns" -> 1d;
                case "us", "µs" -> 1e3;
                case "ms" -> 1e6;
                case "s" -> 1e9;
                case "m" -> 60e9;
                default -> 3600e9;
              };
    }
    return Duration.ofNanos((long) nanos);
  }
}
