package io.dbscope.sql;

import java.util.Set;

/**
 * Classifies a (normalized) statement text by its leading keyword, after comments and opening
 * parentheses:
 *
 * <ul>
 *   <li>read: {@code SELECT}, {@code SHOW}, {@code VALUES}, {@code TABLE}, {@code EXPLAIN}, {@code
 *       DESCRIBE}/{@code DESC}, {@code FETCH}, and {@code COPY … TO};
 *   <li>write: {@code INSERT}, {@code UPDATE}, {@code DELETE}, {@code MERGE}, {@code REPLACE},
 *       {@code COPY … FROM}, {@code LOAD DATA}/{@code LOAD XML};
 *   <li>{@code WITH …}: write when any of its statements (a data-modifying CTE or the main one) is
 *       {@code INSERT}, {@code UPDATE}, {@code DELETE} or {@code MERGE} ({@code FOR UPDATE} does
 *       not count), else read when its main statement reads;
 *   <li>everything else is other (DDL, {@code SET}, {@code BEGIN}, {@code COMMIT}, {@code CALL}…).
 * </ul>
 *
 * <p>{@code EXPLAIN ANALYZE INSERT} is read although it writes: EXPLAIN is counted by what the
 * client asked for, as MySQL's {@code Com_*} counters do.
 *
 * <pre>{@code
 * StatementClassifier.classify("/* app *\/ (SELECT 1)") // READ
 * }</pre>
 */
public final class StatementClassifier {
  private static final Set<String> READ =
      Set.of("SELECT", "SHOW", "VALUES", "TABLE", "EXPLAIN", "DESCRIBE", "DESC", "FETCH");
  private static final Set<String> WRITE = Set.of("INSERT", "UPDATE", "DELETE", "MERGE", "REPLACE");
  private static final Set<String> DML = Set.of("INSERT", "UPDATE", "DELETE", "MERGE");

  private StatementClassifier() {}

  /** The kind of a text read by PostgreSQL's rules (MySQL digest texts read the same). */
  public static StatementKind classify(String text) {
    return classify(text, SqlDialect.POSTGRES);
  }

  /** The kind of a text read by a dialect's rules. */
  public static StatementKind classify(String text, SqlDialect dialect) {
    if (text == null) {
      return StatementKind.OTHER;
    }
    SqlLexer lx = new SqlLexer(text, dialect);
    while (lx.next()) {
      switch (lx.type()) {
        case SPACE, COMMENT -> {}
        case PUNCT -> {
          if (lx.first() != '(') {
            return StatementKind.OTHER;
          }
        }
        case WORD -> {
          return byKeyword(lx, lx.text().toUpperCase(java.util.Locale.ROOT));
        }
        default -> {
          return StatementKind.OTHER;
        }
      }
    }
    return StatementKind.OTHER;
  }

  private static StatementKind byKeyword(SqlLexer lx, String word) {
    if (READ.contains(word)) {
      return StatementKind.READ;
    }
    if (WRITE.contains(word)) {
      return StatementKind.WRITE;
    }
    return switch (word) {
      case "WITH" -> with(lx);
      case "COPY" -> copy(lx);
      case "LOAD" -> load(lx);
      default -> StatementKind.OTHER;
    };
  }

  /**
   * Scans the rest of a {@code WITH}: any DML keyword (not after {@code FOR} or {@code KEY}, as in
   * {@code FOR NO KEY UPDATE}) makes it a write; else the first statement keyword at the outer
   * level decides.
   */
  private static StatementKind with(SqlLexer lx) {
    int depth = 0;
    String previous = "";
    StatementKind main = null;
    while (lx.next()) {
      if (lx.type() == SqlLexer.Type.PUNCT) {
        depth += lx.first() == '(' ? 1 : lx.first() == ')' ? -1 : 0;
      } else if (lx.type() == SqlLexer.Type.WORD) {
        String w = lx.text().toUpperCase(java.util.Locale.ROOT);
        if (DML.contains(w) && !previous.equals("FOR") && !previous.equals("KEY")) {
          return StatementKind.WRITE;
        }
        if (depth == 0 && main == null && (READ.contains(w) || w.equals("TABLE"))) {
          main = StatementKind.READ;
        }
        previous = w;
      }
    }
    return main == null ? StatementKind.OTHER : main;
  }

  /** {@code COPY t FROM} writes; {@code COPY t TO} and {@code COPY (SELECT …) TO} read. */
  private static StatementKind copy(SqlLexer lx) {
    int depth = 0;
    while (lx.next()) {
      if (lx.type() == SqlLexer.Type.PUNCT) {
        depth += lx.first() == '(' ? 1 : lx.first() == ')' ? -1 : 0;
      } else if (depth == 0 && lx.is("FROM")) {
        return StatementKind.WRITE;
      } else if (depth == 0 && lx.is("TO")) {
        return StatementKind.READ;
      }
    }
    return StatementKind.OTHER;
  }

  /**
   * MySQL's {@code LOAD DATA} and {@code LOAD XML} write; PostgreSQL's {@code LOAD 'lib'} does not.
   */
  private static StatementKind load(SqlLexer lx) {
    while (lx.next()) {
      if (lx.type() == SqlLexer.Type.WORD) {
        return lx.is("DATA") || lx.is("XML") ? StatementKind.WRITE : StatementKind.OTHER;
      }
      if (lx.type() != SqlLexer.Type.SPACE && lx.type() != SqlLexer.Type.COMMENT) {
        return StatementKind.OTHER;
      }
    }
    return StatementKind.OTHER;
  }
}
