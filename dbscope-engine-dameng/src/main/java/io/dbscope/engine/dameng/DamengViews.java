package io.dbscope.engine.dameng;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The dynamic views and columns that some DM8 builds lack, asked once when a connection is made
 * ({@code V$DYNAMIC_TABLES}, {@code V$DYNAMIC_TABLE_COLUMNS}), as dameng_exporter does before it
 * uses them. The answer becomes the server facts' extension set, so a definition that needs one
 * says {@code tags: [extension:view:V$SYSTEM_EVENT]} and the planner leaves it out where it is
 * missing, instead of failing every scrape.
 *
 * <p>Names in the set: {@code view:<V$NAME>} or {@code no-view:<V$NAME>}, {@code
 * column:<V$NAME>.<COL>} or {@code no-column:<V$NAME>.<COL>} (tags can only ask for something
 * present, so absence is a fact of its own).
 */
final class DamengViews {
  /** Views that older or smaller builds lack. */
  static final List<String> VIEWS =
      List.of("V$SYSTEM_EVENT", "V$ARCH_APPLY_INFO", "V$ARCH_SEND_INFO", "V$CKPT", "V$RAPPLY_STAT");

  /** Columns whose absence changes the query. */
  static final List<String> COLUMNS =
      List.of(
          "V$INSTANCE.BUILD_VERSION",
          "V$ARCH_SEND_INFO.LAST_SEND_CODE",
          "V$ARCH_SEND_INFO.LAST_SEND_DESC");

  private DamengViews() {}

  static Set<String> read(Connection c, Duration timeout) throws SQLException {
    Set<String> facts = new LinkedHashSet<>();
    for (String view : VIEWS) {
      boolean has =
          count(c, "SELECT COUNT(*) FROM V$DYNAMIC_TABLES WHERE NAME = ?", timeout, view) > 0;
      facts.add((has ? "view:" : "no-view:") + view);
    }
    for (String column : COLUMNS) {
      int dot = column.indexOf('.');
      boolean has =
          count(
                  c,
                  "SELECT COUNT(*) FROM V$DYNAMIC_TABLE_COLUMNS WHERE TABNAME = ? AND COLNAME = ?",
                  timeout,
                  column.substring(0, dot),
                  column.substring(dot + 1))
              > 0;
      facts.add((has ? "column:" : "no-column:") + column);
    }
    return facts;
  }

  private static long count(Connection c, String sql, Duration timeout, String... args)
      throws SQLException {
    try (PreparedStatement st = c.prepareStatement(sql)) {
      st.setQueryTimeout((int) Math.max(1, timeout.toSeconds()));
      for (int i = 0; i < args.length; i++) {
        st.setString(i + 1, args[i]);
      }
      try (ResultSet rs = st.executeQuery()) {
        return rs.next() ? rs.getLong(1) : 0;
      }
    }
  }
}
