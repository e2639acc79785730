package io.dbscope.core.config;

/**
 * How a scrape walks the datasources (seed 003, section 2.2).
 *
 * <ul>
 *   <li>{@code SERIAL}: one datasource after the other, in priority order.
 *   <li>{@code CONCURRENT}: every datasource at once.
 *   <li>{@code HYBRID}: priority groups in order, the datasources of a group concurrently, at most
 *       {@code maxConcurrentGroups} groups at once.
 * </ul>
 */
public enum CollectStrategy {
  SERIAL,
  CONCURRENT,
  HYBRID
}
