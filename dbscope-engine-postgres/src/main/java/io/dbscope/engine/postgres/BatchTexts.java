package io.dbscope.engine.postgres;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The batched statements' texts, made once for each set of due queries and shared by every
 * PostgreSQL datasource of the engine. A datasource's due set changes only when a collector with a
 * TTL or an interval falls due, so a fleet has a few sets; building the same 10 KB text again for
 * each scrape and datasource was a twenty-fifth of what a mixed fleet's scrape allocated (JFR), and
 * each connection's statement cache kept its own copy of the text. Custom queries in batches could
 * make more sets than a fleet has: past {@value #SETS} the texts are dropped and made again.
 */
final class BatchTexts {
  static final int SETS = 64;

  private record Key(List<String> queries, int maxRows) {}

  private final Map<Key, String> texts = new ConcurrentHashMap<>();

  /** The text for {@code queries} and {@code maxRows}, made by {@code make} the first time. */
  String of(List<String> queries, int maxRows, Function<List<String>, String> make) {
    Key k = new Key(queries, maxRows);
    String t = texts.get(k);
    if (t == null) {
      if (texts.size() >= SETS) {
        texts.clear();
      }
      t = make.apply(queries);
      texts.putIfAbsent(new Key(List.copyOf(queries), maxRows), t);
    }
    return t;
  }

  int size() {
    return texts.size();
  }
}
