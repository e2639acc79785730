package io.dbscope.core.config;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the lines of keys in TOML text. Jackson's TOML reader builds the whole tree before it hands
 * out tokens, so its tree has no locations; this scan recovers them for the shapes a dbscope config
 * has: top-level {@code key = value} lines, the n-th {@code [[datasource]]} header and the {@code
 * key =} lines below it, and {@code [datasource.x]} sub-tables.
 *
 * <p>It is deliberately simple (it skips comments and multi-line strings, and reads only the first
 * part of a dotted key); where it cannot tell, {@link LineIndex} falls back to the enclosing entry.
 */
final class TomlLines {
  private static final Pattern ARRAY_TABLE = Pattern.compile("^\\s*\\[\\[\\s*([^\\]]+?)\\s*]]");
  private static final Pattern TABLE = Pattern.compile("^\\s*\\[\\s*([^\\]]+?)\\s*]");
  private static final Pattern KEY =
      Pattern.compile("^\\s*(?:\"([^\"]*)\"|'([^']*)'|([A-Za-z0-9_-]+))\\s*[.=]");

  private TomlLines() {}

  static LineIndex index(String text) {
    Map<String, Integer> lines = new HashMap<>();
    Map<String, Integer> arrayCounts = new HashMap<>();
    String table = "";
    boolean inMultiline = false;
    String[] rows = text.split("\\R", -1);
    for (int i = 0; i < rows.length; i++) {
      String row = rows[i];
      int lineNo = i + 1;
      if (inMultiline) {
        inMultiline = !togglesMultiline(row);
        continue;
      }
      String trimmed = row.strip();
      if (trimmed.isEmpty() || trimmed.startsWith("#")) {
        continue;
      }
      Matcher m = ARRAY_TABLE.matcher(row);
      if (m.find()) {
        String name = m.group(1).strip();
        int n = arrayCounts.merge(name, 1, Integer::sum) - 1;
        table = "/" + name + "/" + n;
        lines.putIfAbsent(table, lineNo);
        continue;
      }
      m = TABLE.matcher(row);
      if (m.find()) {
        table = subTable(m.group(1).strip(), arrayCounts);
        lines.putIfAbsent(table, lineNo);
        continue;
      }
      m = KEY.matcher(row);
      if (m.find()) {
        String key = m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3);
        lines.putIfAbsent(table + "/" + key, lineNo);
      }
      inMultiline = togglesMultiline(row);
    }
    return new LineIndex(lines);
  }

  /**
   * {@code [datasource.labels]} after the n-th {@code [[datasource]]} is {@code
   * /datasource/n/labels}.
   */
  private static String subTable(String name, Map<String, Integer> arrayCounts) {
    String[] parts = name.split("\\.");
    StringBuilder pointer = new StringBuilder();
    StringBuilder prefix = new StringBuilder();
    for (String part : parts) {
      String p = part.strip();
      pointer.append('/').append(p);
      prefix.append(prefix.isEmpty() ? "" : ".").append(p);
      Integer count = arrayCounts.get(prefix.toString());
      if (count != null) {
        pointer.append('/').append(count - 1);
      }
    }
    return pointer.toString();
  }

  private static boolean togglesMultiline(String row) {
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
