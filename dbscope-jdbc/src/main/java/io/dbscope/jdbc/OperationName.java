package io.dbscope.jdbc;

/**
 * The {@code db_operation_name} label: a statement's first keyword (after blanks, comments and
 * opening parentheses), upper case, when it is one of a fixed list, else {@code OTHER}, so that the
 * label stays bounded whatever the application sends. Reads no further than the first word and
 * allocates nothing: it runs for every plain {@code Statement.execute(sql)}.
 *
 * <pre>{@code
 * OperationName.of("/* x *\/ (select 1)") // "SELECT"
 * }</pre>
 */
final class OperationName {
  /** The values the label can take; the index is used for per-operation caches. */
  static final String[] NAMES = {
    "OTHER",
    "SELECT",
    "INSERT",
    "UPDATE",
    "DELETE",
    "MERGE",
    "UPSERT",
    "REPLACE",
    "WITH",
    "VALUES",
    "TABLE",
    "CALL",
    "EXEC",
    "EXECUTE",
    "COPY",
    "LOAD",
    "SHOW",
    "EXPLAIN",
    "DESCRIBE",
    "SET",
    "BEGIN",
    "START",
    "COMMIT",
    "ROLLBACK",
    "SAVEPOINT",
    "RELEASE",
    "CREATE",
    "ALTER",
    "DROP",
    "TRUNCATE",
    "RENAME",
    "GRANT",
    "REVOKE",
    "LOCK",
    "ANALYZE",
    "VACUUM",
    "USE",
    "PREPARE",
    "DEALLOCATE",
    "DO",
    "FETCH",
    "DECLARE",
    "CLOSE",
    "LISTEN",
    "NOTIFY",
    "REFRESH",
    "REINDEX"
  };

  static final int OTHER = 0;

  private OperationName() {}

  /** The label value of a statement text. */
  static String of(String sql) {
    return NAMES[index(sql)];
  }

  /** The index of the label value in {@link #NAMES}. */
  static int index(String sql) {
    if (sql == null) {
      return OTHER;
    }
    int n = sql.length();
    int i = 0;
    while (i < n) {
      char c = sql.charAt(i);
      if (Character.isWhitespace(c) || c == '(') {
        i++;
      } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
        int eol = sql.indexOf('\n', i);
        i = eol < 0 ? n : eol + 1;
      } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
        int end = sql.indexOf("*/", i + 2);
        i = end < 0 ? n : end + 2;
      } else {
        break;
      }
    }
    int start = i;
    while (i < n && Character.isLetter(sql.charAt(i))) {
      i++;
    }
    int len = i - start;
    for (int k = 1; k < NAMES.length; k++) {
      if (NAMES[k].length() == len && sql.regionMatches(true, start, NAMES[k], 0, len)) {
        return k;
      }
    }
    return OTHER;
  }
}
