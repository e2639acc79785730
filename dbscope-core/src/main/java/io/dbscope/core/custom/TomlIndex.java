package io.dbscope.core.custom;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Lines of the {@code [[metric]]} tables of a custom metrics TOML file and of the keys inside them.
 * Jackson's TOML reader keeps no locations; this scan recovers them for the one shape such a file
 * has. Keys of sub-tables ({@code [metric.metricsdesc]}) fall back to the sub-table's line.
 */
final class TomlIndex {
  private static final Pattern METRIC = Pattern.compile("^\\s*\\[\\[\\s*metric\\s*]]");
  private static final Pattern TABLE =
      Pattern.compile("^\\s*\\[\\s*metric\\s*\\.\\s*([A-Za-z0-9_-]+)\\s*]");
  private static final Pattern OTHER_TABLE = Pattern.compile("^\\s*\\[");
  private static final Pattern KEY = Pattern.compile("^\\s*\"?([A-Za-z0-9_-]+)\"?\\s*=(.*)$");

  /**
   * One {@code [[metric]]} table: its line, and each key's line and the text after its {@code =}.
   */
  record Entry(int line, Map<String, Integer> keys, Map<String, String> values) {
    int line(String key) {
      return keys.getOrDefault(key, line);
    }

    /**
     * Where the text of a string value starts: the key's line, or the next one for a multi-line
     * string that opens with a line break (which TOML drops).
     */
    int valueStart(String key) {
      Integer l = keys.get(key);
      if (l == null) {
        return 0;
      }
      String v = values.getOrDefault(key, "").strip();
      return v.equals("\"\"\"") || v.equals("'''") ? l + 1 : l;
    }
  }

  private TomlIndex() {}

  static List<Entry> of(String text) {
    List<Entry> out = new ArrayList<>();
    Entry current = null;
    boolean inSubTable = false;
    boolean inMultiline = false;
    String[] rows = text.split("\\R", -1);
    for (int i = 0; i < rows.length; i++) {
      String row = rows[i];
      if (inMultiline) {
        inMultiline = !toggles(row);
        continue;
      }
      String trimmed = row.strip();
      if (trimmed.isEmpty() || trimmed.startsWith("#")) {
        continue;
      }
      if (METRIC.matcher(row).find()) {
        current = new Entry(i + 1, new HashMap<>(), new HashMap<>());
        out.add(current);
        inSubTable = false;
        continue;
      }
      Matcher t = TABLE.matcher(row);
      if (t.find()) {
        if (current != null) {
          current.keys().putIfAbsent(t.group(1).toLowerCase(java.util.Locale.ROOT), i + 1);
        }
        inSubTable = true;
        continue;
      }
      if (OTHER_TABLE.matcher(row).find()) {
        inSubTable = true;
        continue;
      }
      Matcher k = KEY.matcher(row);
      if (k.find() && current != null && !inSubTable) {
        String key = k.group(1).toLowerCase(java.util.Locale.ROOT);
        current.keys().putIfAbsent(key, i + 1);
        current.values().putIfAbsent(key, k.group(2));
      }
      inMultiline = toggles(row);
    }
    return out;
  }

  private static boolean toggles(String row) {
    return (count(row, "\"\"\"") + count(row, "'''")) % 2 == 1;
  }

  private static int count(String s, String token) {
    int n = 0;
    for (int i = s.indexOf(token); i >= 0; i = s.indexOf(token, i + token.length())) {
      n++;
    }
    return n;
  }
}
