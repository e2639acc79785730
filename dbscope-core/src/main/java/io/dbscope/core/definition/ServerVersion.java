package io.dbscope.core.definition;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A server version such as {@code 13.4}, {@code 10.11.6} or {@code 7.0.15}, compared number by
 * number. Parsed from whatever the server reports ({@code PostgreSQL 13.4 on x86_64…}, {@code
 * 10.11.6-MariaDB-0+deb12u1}); only the first dotted number counts.
 *
 * <p>Versions are strings in definitions ({@code minVersion: "9.6"}), never zero-padded integers.
 */
public record ServerVersion(List<Integer> parts) implements Comparable<ServerVersion> {
  private static final Pattern NUMBER = Pattern.compile("(\\d+(?:\\.\\d+)*)");
  public static final ServerVersion UNKNOWN = new ServerVersion(List.of());

  public ServerVersion {
    parts = List.copyOf(parts);
  }

  /**
   * Parses the first dotted number in {@code text}.
   *
   * @throws IllegalArgumentException when there is none
   */
  public static ServerVersion parse(String text) {
    Matcher m = NUMBER.matcher(text == null ? "" : text);
    if (!m.find()) {
      throw new IllegalArgumentException("no version number in '" + text + "'");
    }
    List<Integer> parts = new ArrayList<>();
    for (String p : m.group(1).split("\\.")) {
      parts.add(Integer.parseInt(p));
    }
    return new ServerVersion(parts);
  }

  public boolean isKnown() {
    return !parts.isEmpty();
  }

  @Override
  public int compareTo(ServerVersion o) {
    int n = Math.max(parts.size(), o.parts.size());
    for (int i = 0; i < n; i++) {
      int a = i < parts.size() ? parts.get(i) : 0;
      int b = i < o.parts.size() ? o.parts.get(i) : 0;
      if (a != b) {
        return Integer.compare(a, b);
      }
    }
    return 0;
  }

  @Override
  public String toString() {
    return parts.isEmpty()
        ? "unknown"
        : String.join(".", parts.stream().map(String::valueOf).toList());
  }
}
