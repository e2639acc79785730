package io.dbscope.core.config;

import java.util.Map;

/**
 * Where each key of a parsed config file was written, by JSON pointer ({@code /listenAddress},
 * {@code /datasource/1/dbHost}, {@code /datasource/1} for the entry itself). A pointer that was not
 * recorded falls back to its parent, so a problem always gets the nearest known line.
 */
final class LineIndex {
  private final Map<String, Integer> lines;

  LineIndex(Map<String, Integer> lines) {
    this.lines = Map.copyOf(lines);
  }

  static LineIndex none() {
    return new LineIndex(Map.of());
  }

  /** 1-based line, or 0 when neither the pointer nor a parent was recorded. */
  int line(String pointer) {
    String p = pointer;
    while (!p.isEmpty()) {
      Integer line = lines.get(p);
      if (line != null) {
        return line;
      }
      p = p.substring(0, p.lastIndexOf('/'));
    }
    return 0;
  }
}
