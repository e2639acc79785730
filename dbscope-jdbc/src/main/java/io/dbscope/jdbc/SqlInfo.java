package io.dbscope.jdbc;

/**
 * What the library knows of one statement text, computed once per prepared statement (and cached
 * for plain ones): its operation and its statistics entry.
 *
 * @param operation index into {@link OperationName#NAMES}
 * @param stats the fingerprint's statistics (the overflow entry when the table is full)
 */
record SqlInfo(int operation, StatementStats stats) {}
