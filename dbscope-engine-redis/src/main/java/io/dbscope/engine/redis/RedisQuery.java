package io.dbscope.engine.redis;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * What a Redis definition's {@code query} may say, built-in or custom (custom metrics are checked
 * against it by {@link RedisQueryGuard}). Redis has no SQL, so a definition names one of these
 * read-only commands, and the engine turns the reply into rows of a documented shape:
 *
 * <table>
 *   <caption>Queries and the rows they return</caption>
 *   <tr><th>query</th><th>rows</th></tr>
 *   <tr><td>{@code INFO [section ...]}</td>
 *       <td>(section, key, value) per plain line ({@link KeyValueRows}); for a single record
 *       section (keyspace, commandstats, errorstats, latencystats) one row per record instead
 *       ({@link RecordRows})</td></tr>
 *   <tr><td>{@code INFO [section ...] AS KEYVALUE | RECORDS | ROW}</td>
 *       <td>the same, with the shape chosen explicitly; {@code RECORDS} takes exactly one section,
 *       {@code ROW} gives one row with a column per key ({@link WideRow})</td></tr>
 *   <tr><td>{@code INFO <section> AS PERCENTILES}</td>
 *       <td>(name, quantile, value) per field {@code p<number>} of each record line of one section
 *       ({@code latency_percentiles_usec_get:p50=1.0,p99.9=2.0} gives (get, 50, 1.0) and
 *       (get, 99.9, 2.0)), see {@link RecordRows#percentiles}</td></tr>
 *   <tr><td>{@code CONFIG GET <pattern>}</td><td>(key, value) per matching setting</td></tr>
 *   <tr><td>{@code CONFIG GET <pattern> AS SETTINGS}</td>
 *       <td>(key, value, one) per matching setting, {@code one} always 1: the setting as labels</td></tr>
 *   <tr><td>{@code CONFIG GET client-output-buffer-limit AS BUFFER_LIMITS}</td>
 *       <td>(class, limit, bytes, seconds), see {@link BufferLimitRows}</td></tr>
 *   <tr><td>{@code SLOWLOG LEN}</td><td>one row (length)</td></tr>
 *   <tr><td>{@code SLOWLOG LAST}</td>
 *       <td>one row (id, timestamp, duration_usec) of the newest slow-log entry; (0, 0, 0) when
 *       the log is empty, as redis_exporter reports it</td></tr>
 *   <tr><td>{@code LATENCY LATEST}</td>
 *       <td>(event, timestamp, latest_ms, max_ms) per event</td></tr>
 *   <tr><td>{@code LATENCY HISTOGRAM}</td>
 *       <td>(cmd, le, bucket) per command and bucket, cumulative, with a last {@code +Inf} row
 *       holding the command's calls (Redis 7+), see {@link LatencyHistogramRows}</td></tr>
 *   <tr><td>{@code CLIENT LIST}</td>
 *       <td>one row per connected client, see {@link ClientListRows} (one series per connection:
 *       mind the custom query's maxSeries)</td></tr>
 *   <tr><td>{@code CHECK KEYS}</td>
 *       <td>(db, key, size, memory, value, val, one) per key of the datasource's {@code checkKeys}
 *       and {@code checkSingleKeys} ({@link KeyChecks}); {@code value} for a numeric string,
 *       {@code val} and {@code one} for another string</td></tr>
 *   <tr><td>{@code COUNT KEYS}</td><td>(db, key, count) per pattern of {@code countKeys}</td></tr>
 *   <tr><td>{@code CHECK STREAMS}, {@code CHECK STREAM GROUPS}, {@code CHECK STREAM
 *       CONSUMERS}</td>
 *       <td>per stream, group, consumer of {@code checkStreams} and {@code checkSingleStreams}
 *       ({@link StreamRows})</td></tr>
 *   <tr><td>{@code KEY GROUPS}, {@code KEY GROUPS PER DB}, {@code KEY GROUPS DURATION}</td>
 *       <td>(db, key_group, count, memory), (db, groups), (duration_ms) of {@code
 *       checkKeyGroups} ({@link KeyGroupRows})</td></tr>
 * </table>
 *
 * <p>The key checks take no argument: what they read is the datasource's configuration, bounded by
 * its {@code maxKeysScanned}.
 *
 * <p>All INFO queries of one scrape are answered from a single {@code INFO ALL} reply, so {@code
 * INFO}, {@code INFO ALL}, {@code INFO DEFAULT} and {@code INFO EVERYTHING} all select every
 * section of that reply. Keywords and section names are case-insensitive.
 */
sealed interface RedisQuery {

  /** The shapes of an INFO reply. */
  enum Form {
    KEYVALUE,
    RECORDS,
    ROW,
    /** (name, quantile, value) per percentile field {@code pNN} of a record section. */
    PERCENTILES
  }

  /** {@code INFO [section ...] [AS form]}; sections lower-case, empty for all. */
  record Info(List<String> sections, Form form) implements RedisQuery {
    public Info {
      sections = List.copyOf(sections);
    }
  }

  /**
   * {@code CONFIG GET pattern [AS BUFFER_LIMITS]}. Settings that hold a password are never part of
   * the rows, whatever the pattern matches ({@code CONFIG GET *} would otherwise put {@code
   * requirepass} into a label).
   */
  record ConfigGet(String pattern, boolean bufferLimits, boolean settings) implements RedisQuery {
    ConfigGet(String pattern, boolean bufferLimits) {
      this(pattern, bufferLimits, false);
    }

    /**
     * Whether a setting holds a secret: {@code requirepass}, {@code masterauth}, {@code *-pass}.
     */
    static boolean secret(String setting) {
      String s = setting.toLowerCase(Locale.ROOT);
      return s.contains("pass") || s.endsWith("auth");
    }
  }

  /** {@code SLOWLOG LEN}. */
  record SlowlogLen() implements RedisQuery {}

  /** {@code SLOWLOG LAST}. */
  record SlowlogLast() implements RedisQuery {}

  /** {@code LATENCY LATEST}. */
  record LatencyLatest() implements RedisQuery {}

  /** {@code LATENCY HISTOGRAM}. */
  record LatencyHistogram() implements RedisQuery {}

  /** {@code CLIENT LIST}. */
  record ClientList() implements RedisQuery {}

  /** The key checks: what they read is the datasource's {@link RedisKeyOptions}. */
  sealed interface KeyCheck extends RedisQuery {}

  /** {@code CHECK KEYS}. */
  record CheckedKeys() implements KeyCheck {}

  /** {@code COUNT KEYS}. */
  record CountedKeys() implements KeyCheck {}

  /** {@code CHECK STREAMS}. */
  record CheckedStreams() implements KeyCheck {}

  /** {@code CHECK STREAM GROUPS}. */
  record CheckedStreamGroups() implements KeyCheck {}

  /** {@code CHECK STREAM CONSUMERS}. */
  record CheckedStreamConsumers() implements KeyCheck {}

  /** {@code KEY GROUPS}. */
  record KeyGroups() implements KeyCheck {}

  /** {@code KEY GROUPS PER DB}. */
  record KeyGroupsPerDb() implements KeyCheck {}

  /** {@code KEY GROUPS DURATION}. */
  record KeyGroupsDuration() implements KeyCheck {}

  /** What every query may be, for messages. */
  String SUPPORTED =
      "INFO [section ...] [AS KEYVALUE|RECORDS|ROW|PERCENTILES], CONFIG GET <pattern> [AS"
          + " SETTINGS|BUFFER_LIMITS], SLOWLOG LEN, SLOWLOG LAST, LATENCY LATEST, LATENCY HISTOGRAM, CLIENT LIST, CHECK KEYS, COUNT KEYS,"
          + " CHECK STREAMS, CHECK STREAM GROUPS, CHECK STREAM CONSUMERS, KEY GROUPS [PER DB|DURATION]";

  /**
   * A query that is none of the supported ones. Its message quotes the query (for built-in
   * definitions, written by us); {@link #reason} does not, so that a custom query's refusal never
   * repeats a value the user wrote, such as a password given to {@code CONFIG SET}.
   */
  final class Unsupported extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** What is wrong with the query's form, not quoting it; empty when nothing more is known. */
    private final String reason;

    Unsupported(String query, String reason) {
      super(
          "unsupported Redis query '"
              + query.strip()
              + "'"
              + (reason.isEmpty() ? "" : ": " + reason)
              + " (supported: "
              + SUPPORTED
              + ")");
      this.reason = reason;
    }

    String reason() {
      return reason;
    }
  }

  /**
   * Parses a definition's query.
   *
   * @throws Unsupported naming the query and what is supported
   */
  static RedisQuery parse(String query) {
    List<String> t = Arrays.asList(query.strip().split("\\s+"));
    List<String> up = t.stream().map(s -> s.toUpperCase(Locale.ROOT)).toList();
    String head = String.join(" ", up.subList(0, Math.min(2, up.size())));
    if (up.getFirst().equals("INFO")) {
      return info(query, t, up);
    }
    switch (head) {
      case "CONFIG GET" -> {
        if (t.size() == 3) {
          return new ConfigGet(t.get(2), false);
        }
        if (t.size() == 5 && up.get(3).equals("AS") && up.get(4).equals("BUFFER_LIMITS")) {
          return new ConfigGet(t.get(2), true);
        }
        if (t.size() == 5 && up.get(3).equals("AS") && up.get(4).equals("SETTINGS")) {
          return new ConfigGet(t.get(2), false, true);
        }
        throw unsupported(
            query, "CONFIG GET takes one pattern, optionally AS SETTINGS or AS BUFFER_LIMITS");
      }
      case "SLOWLOG LEN" -> {
        if (t.size() == 2) {
          return new SlowlogLen();
        }
        throw unsupported(query, "SLOWLOG LEN takes no arguments");
      }
      case "SLOWLOG LAST" -> {
        if (t.size() == 2) {
          return new SlowlogLast();
        }
        throw unsupported(query, "SLOWLOG LAST takes no arguments");
      }
      case "LATENCY LATEST" -> {
        if (t.size() == 2) {
          return new LatencyLatest();
        }
        throw unsupported(query, "LATENCY LATEST takes no arguments");
      }
      case "LATENCY HISTOGRAM" -> {
        if (t.size() == 2) {
          return new LatencyHistogram();
        }
        throw unsupported(query, "LATENCY HISTOGRAM takes no arguments");
      }
      case "CLIENT LIST" -> {
        if (t.size() == 2) {
          return new ClientList();
        }
        throw unsupported(query, "CLIENT LIST takes no arguments");
      }
      case "CHECK KEYS", "COUNT KEYS", "CHECK STREAMS", "CHECK STREAM", "KEY GROUPS" -> {
        return keyCheck(query, String.join(" ", up));
      }
      default -> {}
    }
    throw unsupported(query, "");
  }

  private static Info info(String query, List<String> t, List<String> up) {
    int as = up.indexOf("AS");
    List<String> sections = new ArrayList<>();
    for (String s : t.subList(1, as < 0 ? t.size() : as)) {
      sections.add(s.toLowerCase(Locale.ROOT));
    }
    Form form;
    if (as < 0) {
      form =
          sections.size() == 1 && RecordShape.isRecordSection(sections.getFirst())
              ? Form.RECORDS
              : Form.KEYVALUE;
    } else {
      if (as != t.size() - 2) {
        throw unsupported(
            query,
            "INFO AS must be followed by exactly one of KEYVALUE, RECORDS, ROW, PERCENTILES");
      }
      try {
        form = Form.valueOf(up.getLast());
      } catch (IllegalArgumentException e) {
        throw unsupported(
            query, "INFO AS must be followed by KEYVALUE, RECORDS, ROW or PERCENTILES");
      }
    }
    if ((form == Form.RECORDS || form == Form.PERCENTILES)
        && (sections.size() != 1 || InfoText.selectsAll(sections))) {
      throw unsupported(query, "INFO AS " + form + " needs exactly one section");
    }
    return new Info(sections, form);
  }

  private static KeyCheck keyCheck(String query, String words) {
    return switch (words) {
      case "CHECK KEYS" -> new CheckedKeys();
      case "COUNT KEYS" -> new CountedKeys();
      case "CHECK STREAMS" -> new CheckedStreams();
      case "CHECK STREAM GROUPS" -> new CheckedStreamGroups();
      case "CHECK STREAM CONSUMERS" -> new CheckedStreamConsumers();
      case "KEY GROUPS" -> new KeyGroups();
      case "KEY GROUPS PER DB" -> new KeyGroupsPerDb();
      case "KEY GROUPS DURATION" -> new KeyGroupsDuration();
      default ->
          throw unsupported(
              query,
              "a key check takes no arguments: its keys are the datasource's checkKeys,"
                  + " checkSingleKeys, countKeys, checkStreams and checkSingleStreams");
    };
  }

  private static Unsupported unsupported(String query, String why) {
    return new Unsupported(query, why);
  }
}
