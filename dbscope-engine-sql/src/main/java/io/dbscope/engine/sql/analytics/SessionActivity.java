package io.dbscope.engine.sql.analytics;

/**
 * One client session as the activity view shows it, reduced to what the bounded activity metrics
 * need. Ages are in seconds, NaN when not applicable.
 *
 * @param sessionId backend pid or connection id, for event de-duplication only (never a label)
 * @param active whether it is running a statement
 * @param queryStart statement start in epoch seconds (NaN when not running one); identifies the
 *     statement for de-duplication
 * @param queryAge how long the current statement has run
 * @param transactionStart transaction start in epoch seconds, NaN outside a transaction
 * @param transactionAge how long its transaction has been open
 * @param idleInTransaction whether it is idle inside an open transaction
 * @param idleAge how long it has been idle (in transaction)
 * @param waitEventType what it waits for ({@code Lock}, {@code IO}…), null when not waiting or
 *     unknown
 * @param lockWait whether it waits for a lock held by another session
 */
public record SessionActivity(
    String sessionId,
    boolean active,
    double queryStart,
    double queryAge,
    double transactionStart,
    double transactionAge,
    boolean idleInTransaction,
    double idleAge,
    String waitEventType,
    boolean lockWait) {}
