package io.dbscope.engine.redis;

import io.dbscope.core.config.DatasourceConfig;
import io.dbscope.core.config.Option;
import io.dbscope.core.config.OptionTable;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Redis datasource keys of redis_exporter's key checks ({@code --check-keys} and its kin), with
 * the exporter's value syntax: a comma-separated list of {@code [db<N>=]pattern} (or key, or
 * stream). Without {@code db<N>=} an item is looked up in the datasource's own database. Every
 * pattern is searched with {@code SCAN MATCH}, never {@code KEYS}, and all SCANs of one scrape
 * together examine at most {@link #MAX_KEYS_SCANNED} keys, so a key check cannot stall a large
 * server; a check cut short marks its collector's rows truncated.
 */
final class RedisKeyOptions {
  private static final Pattern ITEM = Pattern.compile("(?:db(\\d+)=)?(.+)");

  /** One item of a key list: the database index (or -1 for the datasource's) and the text. */
  record Item(int db, String text) {}

  static final Option<String> CHECK_KEYS =
      items(
          "checkKeys",
          "key patterns (SCAN MATCH) whose keys are reported with redis_key_size,"
              + " redis_key_memory_usage_bytes and their value (redis_exporter's --check-keys);"
              + " `db<N>=pattern` for another database");
  static final Option<String> CHECK_SINGLE_KEYS =
      items(
          "checkSingleKeys",
          "single keys reported as checkKeys reports its matches, without a SCAN"
              + " (--check-single-keys)");
  static final Option<String> COUNT_KEYS =
      items(
          "countKeys",
          "key patterns whose matches are counted into redis_keys_count (--count-keys)");
  static final Option<String> CHECK_STREAMS =
      items(
          "checkStreams",
          "stream key patterns (SCAN MATCH TYPE stream) reported with redis_stream_* per stream,"
              + " group and consumer (--check-streams)");
  static final Option<String> CHECK_SINGLE_STREAMS =
      items("checkSingleStreams", "single streams reported as checkStreams reports its matches");
  static final Option<String> CHECK_KEY_GROUPS = keyGroups();
  static final Option<Integer> MAX_DISTINCT_KEY_GROUPS =
      Option.integer(
          "maxDistinctKeyGroups",
          100,
          1,
          100_000,
          "key groups per database reported by name, those using the most memory; the others are"
              + " summed into key_group=\"overflow\" (--max-distinct-key-groups)");
  static final Option<Boolean> EXPORT_KEY_VALUES =
      Option.bool(
          "checkKeysExportValues",
          true,
          "whether checked string keys give their value: redis_key_value (a number) or"
              + " redis_key_value_as_string (the text as a label); false, as redis_exporter's"
              + " --disable-exporting-key-values, when values may be secrets");
  static final Option<Integer> MAX_KEYS_SCANNED =
      Option.integer(
          "maxKeysScanned",
          10000,
          1,
          10_000_000,
          "keys all SCANs of the key checks of one scrape may examine together (SCAN COUNT 1000"
              + " per call); a check that reaches it reports what it found so far, marked"
              + " truncated");

  static final OptionTable TABLE =
      new OptionTable(
          "Redis key checks",
          "Keys of Redis datasources: redis_exporter's key and stream checks. Each list is empty by"
              + " default (no check), and every check only reads (SCAN, TYPE, STRLEN and the"
              + " other length commands, GET, MEMORY USAGE, XINFO).",
          List.of(
              CHECK_KEYS,
              CHECK_SINGLE_KEYS,
              COUNT_KEYS,
              CHECK_STREAMS,
              CHECK_SINGLE_STREAMS,
              CHECK_KEY_GROUPS,
              MAX_DISTINCT_KEY_GROUPS,
              EXPORT_KEY_VALUES,
              MAX_KEYS_SCANNED));

  private RedisKeyOptions() {}

  private static Option<String> items(String name, String doc) {
    Option<String> o = Option.string(name, "", doc);
    Function<String, List<String>> check = RedisKeyOptions::problems;
    return new Option<>(o.key(), o.type(), o.defaultValue(), check);
  }

  private static Option<String> keyGroups() {
    Option<String> o =
        Option.string(
            "checkKeyGroups",
            "",
            "Lua patterns that group the keys of every database (--check-key-groups): a key"
                + " belongs to the first pattern it matches, its group is the pattern's captures"
                + " (or the whole match), keys matching none are \"unclassified\"; gives"
                + " redis_key_group_count, redis_key_group_memory_usage_bytes and"
                + " redis_number_of_distinct_key_groups. It SCANs every key (within"
                + " maxKeysScanned) and reads each key's MEMORY USAGE");
    Function<String, List<String>> check =
        written -> {
          List<String> out = new ArrayList<>();
          for (String p : groupPatterns(written)) {
            try {
              LuaPattern.compile(p);
            } catch (IllegalArgumentException e) {
              out.add("pattern '" + p + "': " + e.getMessage());
            }
          }
          return out;
        };
    return new Option<>(o.key(), o.type(), o.defaultValue(), check);
  }

  /** The patterns of checkKeyGroups, as written. */
  static List<String> groupPatterns(String written) {
    List<String> out = new ArrayList<>();
    for (String raw : written.split(",")) {
      if (!raw.isBlank()) {
        out.add(raw.strip());
      }
    }
    return out;
  }

  /** Why a written list is refused: an item with an empty pattern or a database out of range. */
  static List<String> problems(String written) {
    List<String> out = new ArrayList<>();
    for (String raw : written.split(",")) {
      String s = raw.strip();
      if (s.isEmpty()) {
        if (!written.isBlank()) {
          out.add("an empty item (two commas, or one at an end)");
        }
        continue;
      }
      Matcher m = ITEM.matcher(s);
      if (!m.matches() || m.group(2).isBlank() || s.matches("db\\d+=")) {
        out.add("item '" + s + "' names no key or pattern");
      } else if (m.group(1) != null && m.group(1).length() > 5) {
        out.add("item '" + s + "': no such database index");
      }
    }
    return out;
  }

  /** The items of a written list, in order. */
  static List<Item> parse(String written) {
    List<Item> out = new ArrayList<>();
    for (String raw : written.split(",")) {
      String s = raw.strip();
      if (s.isEmpty()) {
        continue;
      }
      Matcher m = ITEM.matcher(s);
      if (m.matches()) {
        out.add(new Item(m.group(1) == null ? -1 : Integer.parseInt(m.group(1)), m.group(2)));
      }
    }
    return out;
  }

  static List<Item> of(DatasourceConfig config, Option<String> option) {
    return parse(config.option(option));
  }
}
