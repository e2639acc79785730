package io.dbscope.server.http;

import io.dbscope.server.Monitor;
import java.io.IOException;
import java.util.function.Supplier;

/** {@code /metrics} (or the configured {@code metricPath}): every datasource and dbscope's own. */
final class MetricsHandler implements Handler {
  private final Supplier<Monitor> monitor;
  private final ScrapeAnswer scrape;

  MetricsHandler(Supplier<Monitor> monitor, ScrapeAnswer scrape) {
    this.monitor = monitor;
    this.scrape = scrape;
  }

  @Override
  public void handle(Request request) throws IOException {
    Monitor m = monitor.get();
    scrape.write(request, m, m::scrapeAll);
  }
}
