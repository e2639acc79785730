package io.dbscope.core.engine;

import io.dbscope.core.definition.Mapping;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * The last {@link ColumnPlan} of each column mapping of a fleet, used again while results come with
 * the same columns (a query's always do; a Redis INFO section's do while the server's version and
 * settings stay). Making a plan at every result, a map of the columns' places for each wide row
 * among it, was a tenth of what mapping a Redis datasource's INFO allocated. Thread-safe; the
 * fleet's datasources share it, as they share their mappings.
 */
final class ColumnPlans {
  private final Map<Mapping.Columns, ColumnPlan> last =
      Collections.synchronizedMap(new IdentityHashMap<>());

  ColumnPlan of(Mapping.Columns m, ResultRows rows) {
    ColumnPlan p = last.get(m);
    if (p == null || !p.madeFor(rows.columns())) {
      p = ColumnPlan.of(m, rows);
      last.put(m, p);
    }
    return p;
  }
}
