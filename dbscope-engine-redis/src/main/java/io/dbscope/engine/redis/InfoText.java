package io.dbscope.engine.redis;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The reply of {@code INFO}, split into its {@code # Section} headers and {@code key:value} lines.
 * A pure parser: the session reads {@code INFO ALL} once per scrape and every INFO-based definition
 * is answered from this one parse.
 *
 * <p>A line is a <em>record</em> when its value is a list of {@code field=value} pairs, such as
 * {@code db0:keys=1,expires=0,avg_ttl=0} or {@code cmdstat_get:calls=2,usec=5,...}; every other
 * line is <em>plain</em>. {@link RecordRows} shapes records, {@link KeyValueRows} and {@link
 * WideRow} plain lines.
 *
 * <p>One key is derived, not read: {@code start_time_seconds} in the {@code server} section, the
 * server's start as a Unix time, computed as {@code floor(server_time_usec / 1e6) -
 * uptime_in_seconds} (both from the server's own clock, so it does not jitter from scrape to
 * scrape). Without {@code server_time_usec} (Redis before 6.2) the caller's clock is used, as
 * redis_exporter does.
 *
 * <pre>{@code
 * InfoText info = InfoText.parse(jedis.info("all"));
 * info.value("redis_version"); // Optional[7.0.15]
 * }</pre>
 */
final class InfoText {
  /** The key dbscope adds to the server section. */
  static final String START_TIME = "start_time_seconds";

  /**
   * One {@code key:value} line; {@code section} is the lower-cased header it follows; {@code
   * record} whether the value is a record (see {@link #isRecord}), found once at parse time, since
   * every INFO-based definition asks it of every line of its sections.
   */
  record Line(String section, String key, String value, boolean record) {
    Line(String section, String key, String value) {
      this(section, key, value, scanRecord(value.getBytes(StandardCharsets.UTF_8)));
    }

    private static boolean scanRecord(byte[] value) {
      return scanRecord(value, 0, value.length);
    }

    /**
     * Whether {@code b[from, to)} is a record (see {@link #isRecord}). Scanned by hand (a regex was
     * once the largest single cost of a Redis scrape), and on the value's bytes before it is a
     * string: a string's characters, read one at a time under the launcher's C1 compiler, cost more
     * than its bytes. A comma is never part of a multi-byte UTF-8 character.
     */
    static boolean scanRecord(byte[] b, int from, int to) {
      int i = from;
      while (true) {
        int name = i;
        while (i < to && nameChar((char) b[i])) {
          i++;
        }
        if (i == name || i == to || b[i] != '=') {
          return false;
        }
        i++;
        while (i < to && b[i] != ',') {
          i++;
        }
        if (i == to) {
          return true;
        }
        i++;
      }
    }

    /**
     * Whether the value is {@code name=value} pairs separated by commas, names made of {@code
     * [A-Za-z0-9_.|-]}, values without commas (possibly empty).
     */
    boolean isRecord() {
      return record;
    }

    private static boolean nameChar(char c) {
      return c >= 'a' && c <= 'z'
          || c >= 'A' && c <= 'Z'
          || c >= '0' && c <= '9'
          || c == '_'
          || c == '.'
          || c == '|'
          || c == '-';
    }

    /** The {@code field=value} pairs of a record line, in order. */
    Map<String, String> fields() {
      Map<String, String> out = new LinkedHashMap<>();
      String[] p = pairs();
      for (int i = 0; i < p.length; i += 2) {
        out.put(p[i], p[i + 1]);
      }
      return out;
    }

    /**
     * The {@code field=value} pairs of a record line ({@link #isRecord}), in order, as name, value,
     * name, value…: a map per line (a split, a map and its entries) was a twentieth of what a Redis
     * scrape allocated, for the commandstats and latencystats lines.
     */
    String[] pairs() {
      return pairs(KeyPool.NONE);
    }

    /** {@link #pairs()}, the field names from {@code keys}. */
    String[] pairs(KeyPool keys) {
      int count = 1;
      for (int i = value.indexOf(','); i >= 0; i = value.indexOf(',', i + 1)) {
        count++;
      }
      String[] out = new String[2 * count];
      int from = 0;
      for (int k = 0; k < out.length; k += 2) {
        int comma = value.indexOf(',', from);
        int end = comma < 0 ? value.length() : comma;
        int eq = value.indexOf('=', from);
        out[k] = keys.of(value, from, eq);
        out[k + 1] = value.substring(eq + 1, end);
        from = end + 1;
      }
      return out;
    }
  }

  private final List<Line> lines;

  /** The lines of each section, sections in reply order: each definition asks for one or two. */
  private final Map<String, List<Line>> bySection = new LinkedHashMap<>();

  private final KeyPool keys;

  private InfoText(List<Line> lines, KeyPool keys) {
    this.keys = keys;
    // Held as parsed, not copied: nothing else has the list. A section's lines come together, so a
    // section is a view of them, not a list of its own.
    this.lines = Collections.unmodifiableList(lines);
    int from = 0;
    for (int i = 1; i <= lines.size(); i++) {
      String section = lines.get(from).section();
      if (i == lines.size() || !lines.get(i).section().equals(section)) {
        List<Line> part = this.lines.subList(from, i);
        List<Line> before = bySection.putIfAbsent(section, part);
        if (before != null) {
          // A section twice in one reply (Redis never does this): its lines together.
          List<Line> both = new ArrayList<>(before);
          both.addAll(part);
          bySection.put(section, both);
        }
        from = i;
      }
    }
  }

  static InfoText parse(String text) {
    return parse(text, Instant.now(), KeyPool.NONE);
  }

  /** {@link #parse(String)}, its keys and record field names from {@code keys}. */
  static InfoText parse(String text, KeyPool keys) {
    return parse(text, Instant.now(), keys);
  }

  static InfoText parse(String text, Instant now) {
    return parse(text, now, KeyPool.NONE);
  }

  static InfoText parse(String text, Instant now, KeyPool keys) {
    return parse(text.getBytes(StandardCharsets.UTF_8), now, keys);
  }

  /**
   * The reply as the server sent it (UTF-8): read from its bytes, the reply is not first made into
   * a string of its own, a copy of every byte of every scrape.
   *
   * @param now the caller's clock, used for {@code start_time_seconds} only when the server does
   *     not report {@code server_time_usec}
   * @param keys where the keys and record field names are taken from
   */
  static InfoText parse(byte[] reply, Instant now, KeyPool keys) {
    // About 30 bytes a line (Redis 7's INFO ALL: 5,400 bytes, 200 lines): sized once.
    List<Line> lines = new ArrayList<>(reply.length / 24 + 2);
    String section = "";
    int from = 0;
    while (from < reply.length) {
      // The line's end and its first colon in one pass.
      int end = from;
      int colon = -1;
      for (; end < reply.length && reply[end] != '\n'; end++) {
        if (colon < 0 && reply[end] == ':') {
          colon = end;
        }
      }
      int start = from;
      from = end + 1;
      while (start < end && space(reply[start])) {
        start++;
      }
      while (end > start && space(reply[end - 1])) {
        end--;
      }
      if (start == end) {
        continue;
      }
      if (reply[start] == '#') {
        int name = start + 1;
        while (name < end && space(reply[name])) {
          name++;
        }
        section = keys.lowerCase(reply, name, end);
        continue;
      }
      if (colon <= start || colon >= end) {
        continue;
      }
      String value = new String(reply, colon + 1, end - colon - 1, StandardCharsets.UTF_8);
      boolean record = Line.scanRecord(reply, colon + 1, end);
      lines.add(new Line(section, keys.of(reply, start, colon), value, record));
    }
    addStartTime(lines, now);
    return new InfoText(lines, keys);
  }

  /** What {@link String#strip} takes off, in ASCII. */
  private static boolean space(byte b) {
    return b >= 0 && Character.isWhitespace((char) b);
  }

  private static void addStartTime(List<Line> lines, Instant now) {
    Long uptime = null;
    Long serverSeconds = null;
    int uptimeAt = -1;
    for (int i = 0; i < lines.size(); i++) {
      Line l = lines.get(i);
      try {
        if (l.key().equals("uptime_in_seconds")) {
          uptime = Long.parseLong(l.value());
          uptimeAt = i;
        } else if (l.key().equals("server_time_usec")) {
          serverSeconds = Math.floorDiv(Long.parseLong(l.value()), 1_000_000L);
        }
      } catch (NumberFormatException e) {
        // Not a number: no derived start time.
      }
      if (uptime != null && serverSeconds != null) {
        break; // both are in the server section, the first of the reply's
      }
    }
    if (uptime == null) {
      return;
    }
    long start = (serverSeconds != null ? serverSeconds : now.getEpochSecond()) - uptime;
    String section = lines.get(uptimeAt).section();
    lines.add(uptimeAt + 1, new Line(section, START_TIME, Long.toString(start)));
  }

  /** Where the keys came from, for the names cut from them. */
  KeyPool keys() {
    return keys;
  }

  /** Every line, in reply order. */
  List<Line> lines() {
    return lines;
  }

  /**
   * The lines of the given sections (lower-case names). An empty collection, or one holding {@code
   * all}, {@code everything} or {@code default}, selects every section of the reply. An unknown
   * section selects nothing, as Redis answers an unknown section with an empty reply.
   */
  List<Line> lines(Collection<String> sections) {
    if (selectsAll(sections)) {
      return lines;
    }
    if (sections.size() == 1) {
      return bySection.getOrDefault(sections.iterator().next(), List.of());
    }
    List<Line> out = new ArrayList<>();
    bySection.forEach(
        (section, ls) -> {
          if (sections.contains(section)) {
            out.addAll(ls);
          }
        });
    return out;
  }

  /**
   * {@link #lines(Collection)} as the selected sections' own lists, in reply order: for a reader of
   * several sections, which would otherwise have them copied into one list.
   */
  List<List<Line>> parts(Collection<String> sections) {
    if (selectsAll(sections)) {
      return List.of(lines);
    }
    if (sections.size() == 1) {
      return List.of(bySection.getOrDefault(sections.iterator().next(), List.of()));
    }
    List<List<Line>> out = new ArrayList<>(sections.size());
    for (Map.Entry<String, List<Line>> e : bySection.entrySet()) {
      if (sections.contains(e.getKey())) {
        out.add(e.getValue());
      }
    }
    return out;
  }

  static boolean selectsAll(Collection<String> sections) {
    return sections.isEmpty()
        || sections.contains("all")
        || sections.contains("everything")
        || sections.contains("default");
  }

  /** The value of the first line with this key, in any section. */
  Optional<String> value(String key) {
    return lines.stream().filter(l -> l.key().equals(key)).map(Line::value).findFirst();
  }

  /** Section names in reply order. */
  Set<String> sections() {
    Set<String> out = new LinkedHashSet<>();
    lines.forEach(l -> out.add(l.section()));
    return out;
  }
}
