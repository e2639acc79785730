package io.dbscope.server.http;

import io.dbscope.server.Monitor;
import java.io.IOException;
import java.util.Optional;
import java.util.function.Supplier;

/** {@code /probe?target=<name>}: one datasource alone, for Prometheus' multi-target pattern. */
final class ProbeHandler implements Handler {
  private final Supplier<Monitor> monitor;
  private final ScrapeAnswer scrape;

  ProbeHandler(Supplier<Monitor> monitor, ScrapeAnswer scrape) {
    this.monitor = monitor;
    this.scrape = scrape;
  }

  @Override
  public void handle(Request request) throws IOException {
    Optional<String> target = request.param("target").filter(t -> !t.isEmpty());
    if (target.isEmpty()) {
      monitor.get().targetRequestRefused();
      request.text(400, "missing parameter 'target': /probe?target=<datasource name>\n");
      return;
    }
    Monitor m = monitor.get();
    String name = target.get();
    if (m.fleet().get(name).isEmpty()) {
      m.targetRequestRefused();
      request.text(404, "no datasource named '" + name + "'\n");
      return;
    }
    scrape.write(request, m, deadline -> m.scrapeOne(name, deadline).orElseThrow());
  }
}
