package io.dbscope.engine.redis;

import io.dbscope.core.engine.ResultRows;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The row shape of INFO ({@code INFO server memory replication AS ROW}): exactly one row whose
 * columns are the plain keys of the selected sections (the first occurrence of a key wins), plus a
 * column {@code one} that is always 1.
 *
 * <p>This is the shape for info-style metrics whose labels come from several INFO fields, such as
 * {@code redis_instance_info{role,redis_version,...} 1}: the fields become label columns and {@code
 * one} is the value, as {@code SELECT ..., 1 AS one} would be in SQL.
 *
 * <p>The fields redis_exporter reads for its instance and replica metrics ({@link #STABLE}) are
 * always columns, NULL when the server does not report them (older versions, managed services that
 * hide fields): a NULL label is empty, as in redis_exporter, and a NULL value gives no sample, so a
 * hidden field never fails the collector.
 */
final class WideRow {
  /** The constant column. */
  static final String ONE = "one";

  /** Columns present even when the reply lacks them. */
  static final List<String> STABLE =
      List.of(
          "role",
          "redis_version",
          "redis_build_id",
          "redis_mode",
          "os",
          "maxmemory_policy",
          "tcp_port",
          "run_id",
          "process_id",
          "master_replid",
          "master_host",
          "master_port",
          "master_link_status",
          "master_last_io_seconds_ago",
          "master_sync_in_progress",
          "slave_repl_offset",
          "slave_read_only");

  private WideRow() {}

  /** {@link #of(InfoText, Collection, Shapes)}, remembering no shape. */
  static ResultRows of(InfoText info, Collection<String> sections) {
    return of(info, sections, new Shapes());
  }

  /**
   * @param shapes the columns of earlier rows, made again only when the reply's keys change
   */
  static ResultRows of(InfoText info, Collection<String> sections, Shapes shapes) {
    List<List<InfoText.Line>> parts = info.parts(sections);
    int count = 0;
    int hash = 1;
    for (List<InfoText.Line> part : parts) {
      for (InfoText.Line l : part) {
        if (!l.isRecord()) {
          count++;
          hash = 31 * hash + l.key().hashCode();
        }
      }
    }
    Shape shape = shapes.find(hash, count, parts);
    if (shape == null) {
      shape = Shape.of(parts, count);
      shapes.keep(hash, shape);
    }
    Object[] row = new Object[shape.columns().size()];
    int i = 0;
    for (List<InfoText.Line> part : parts) {
      for (InfoText.Line l : part) {
        if (!l.isRecord()) {
          int at = shape.columnOf()[i++];
          if (at >= 0) {
            row[at] = l.value();
          }
        }
      }
    }
    row[row.length - 1] = 1;
    return ResultRows.of(shape.columns(), List.<Object[]>of(row));
  }

  /**
   * The columns the plain keys {@code keys} make, in order, and for each key its column, or -1 for
   * a key seen before in the row (the first wins) and for a key named {@link #ONE}.
   */
  private record Shape(String[] keys, List<String> columns, int[] columnOf) {
    static Shape of(List<List<InfoText.Line>> parts, int count) {
      String[] keys = new String[count];
      int[] columnOf = new int[count];
      Map<String, Integer> places = new HashMap<>();
      List<String> names = new ArrayList<>();
      int i = 0;
      for (List<InfoText.Line> part : parts) {
        for (InfoText.Line l : part) {
          if (!l.isRecord()) {
            keys[i] = l.key();
            String name = l.key().toLowerCase(Locale.ROOT);
            boolean first = !name.equals(ONE) && places.putIfAbsent(name, names.size()) == null;
            columnOf[i++] = first ? names.size() : -1;
            if (first) {
              names.add(name);
            }
          }
        }
      }
      for (String key : STABLE) {
        if (places.putIfAbsent(key, names.size()) == null) {
          names.add(key);
        }
      }
      names.add(ONE);
      return new Shape(keys, List.copyOf(names), columnOf);
    }

    boolean madeBy(int count, List<List<InfoText.Line>> parts) {
      if (keys.length != count) {
        return false;
      }
      int i = 0;
      for (List<InfoText.Line> part : parts) {
        for (InfoText.Line l : part) {
          if (!l.isRecord()) {
            String key = keys[i++];
            if (key != l.key() && !key.equals(l.key())) {
              return false;
            }
          }
        }
      }
      return true;
    }
  }

  /**
   * The shapes of the wide rows made so far, by their keys: a reply's keys are the same from scrape
   * to scrape (and from server to server of one version), and making the row's columns again, a map
   * of some 200 keys for the instance row, was a sixth of what mapping a Redis datasource's INFO
   * allocated. Shared by the engine's datasources; a fixed table, a shape replacing another that
   * falls in its place. Safe between threads without locks: a place holds null or an immutable
   * shape, and its columns list is read only.
   */
  static final class Shapes {
    private static final int SLOTS = 64;
    private final Shape[] slots = new Shape[SLOTS];

    private Shape find(int hash, int count, List<List<InfoText.Line>> parts) {
      Shape s = slots[slot(hash)];
      return s != null && s.madeBy(count, parts) ? s : null;
    }

    private void keep(int hash, Shape shape) {
      slots[slot(hash)] = shape;
    }

    private static int slot(int hash) {
      return (hash ^ (hash >>> 16)) & (SLOTS - 1);
    }
  }
}
