package io.dbscope.engine.cloudwatch;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A datasource's selection by tags: the tag filters, and the identifiers they found at the last
 * refresh. Refreshed by the poller, under its lock, only once {@code tagsRefresh} has passed: tags
 * change rarely, and one GetResources per period or scrape would be waste. A failed refresh keeps
 * the identifiers found before and is tried again at the next poll.
 */
final class TagSelection {
  private static final Logger log = LoggerFactory.getLogger(TagSelection.class);

  private final String datasource;
  private final List<TaggingClient.TagFilter> filters;
  private final Duration refresh;
  private final Function<Map<String, Set<String>>, List<MetricQuery>> plan;
  final AtomicLong calls = new AtomicLong();
  final AtomicLong errors = new AtomicLong();
  private Instant nextRefresh = Instant.MIN; // guarded by the poller's lock
  private String lastError = "";

  TagSelection(
      String datasource,
      List<TaggingClient.TagFilter> filters,
      Duration refresh,
      Function<Map<String, Set<String>>, List<MetricQuery>> plan) {
    this.datasource = datasource;
    this.filters = List.copyOf(filters);
    this.refresh = refresh;
    this.plan = plan;
  }

  /** The filters of a {@code tags} value: {@code key=value} or {@code key} (any value). */
  static List<TaggingClient.TagFilter> parse(List<String> items) {
    List<TaggingClient.TagFilter> out = new ArrayList<>();
    for (String item : items) {
      int eq = item.indexOf('=');
      out.add(
          eq < 0
              ? new TaggingClient.TagFilter(item, Optional.empty())
              : new TaggingClient.TagFilter(
                  item.substring(0, eq).strip(), Optional.of(item.substring(eq + 1).strip())));
    }
    return out;
  }

  /** The queries for the identifiers found now, when a refresh was due and answered. */
  Optional<List<MetricQuery>> refreshIfDue(Instant now, TaggingClient client) {
    if (now.isBefore(nextRefresh)) {
      return Optional.empty();
    }
    try {
      Map<String, Set<String>> found = client.identifiers(filters, calls);
      nextRefresh = now.plus(refresh);
      if (!lastError.isEmpty()) {
        log.info("{}: GetResources answers again", datasource);
        lastError = "";
      }
      return Optional.of(plan.apply(found));
    } catch (RuntimeException e) {
      errors.incrementAndGet();
      String why = String.valueOf(e.getMessage());
      if (!why.equals(lastError)) {
        log.warn(
            "{}: selection by tags failed, keeping the identifiers found before: {}",
            datasource,
            why);
        lastError = why;
      }
      return Optional.empty();
    }
  }
}
