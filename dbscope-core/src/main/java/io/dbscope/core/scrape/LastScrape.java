package io.dbscope.core.scrape;

import io.dbscope.core.metrics.SampleBatch;
import java.time.Instant;

/**
 * The last collection of a datasource, kept for the console's history and the HTTP API: when it
 * ended, how long it took, whether the datasource was up, and its samples (sealed, so they can be
 * read from other threads).
 *
 * @param at when the collection ended
 * @param seconds how long it took
 * @param up whether the datasource was up in it
 * @param samples what it collected
 */
public record LastScrape(Instant at, double seconds, boolean up, SampleBatch samples) {}
