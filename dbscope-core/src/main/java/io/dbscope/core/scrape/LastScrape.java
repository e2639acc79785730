package io.dbscope.core.scrape;

import java.time.Instant;

/**
 * The last collection of a datasource, for the HTTP API: when it ended, how long it took and
 * whether the datasource was up. Its samples are not kept (a thousand datasources' last batches
 * would hold tens of megabytes); a {@link CollectionListener} sees them as they pass.
 *
 * @param at when the collection ended
 * @param seconds how long it took
 * @param up whether the datasource was up in it
 */
public record LastScrape(Instant at, double seconds, boolean up) {}
