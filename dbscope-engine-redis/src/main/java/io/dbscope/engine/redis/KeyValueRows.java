package io.dbscope.engine.redis;

import io.dbscope.core.engine.ResultRows;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The key/value shape of INFO: one row {@code (section, key, value)} per plain {@code key:value}
 * line of the selected sections. Record lines ({@code db0:keys=1,...}) are left out: they have
 * their own shape ({@link RecordRows}), and as text values they could never be a sample anyway.
 *
 * <p>A definition maps these rows with {@code keyValue} rules, exactly as redis_exporter maps INFO
 * fields to metric names.
 */
final class KeyValueRows {
  static final List<String> COLUMNS = List.of("section", "key", "value");

  private KeyValueRows() {}

  static ResultRows of(InfoText info, Collection<String> sections) {
    List<List<InfoText.Line>> parts = info.parts(sections);
    int lines = 0;
    for (List<InfoText.Line> part : parts) {
      lines += part.size();
    }
    List<Object[]> rows = new ArrayList<>(lines);
    for (List<InfoText.Line> part : parts) {
      for (InfoText.Line l : part) {
        if (!l.isRecord()) {
          rows.add(new Object[] {l.section(), l.key(), l.value()});
        }
      }
    }
    return ResultRows.of(COLUMNS, rows);
  }
}
