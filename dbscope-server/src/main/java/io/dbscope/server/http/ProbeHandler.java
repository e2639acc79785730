package io.dbscope.server.http;

import io.dbscope.core.cluster.ClusterView;
import io.dbscope.server.Monitor;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code /probe?target=<name>}: one datasource alone, for Prometheus' multi-target pattern.
 *
 * <p>In a cluster, a datasource another instance owns is answered with a 307 redirect to that
 * instance's {@code /probe} (Prometheus follows redirects by default), so that a scrape made with a
 * service-discovery list that is one refresh old still lands on the owner instead of leaving a gap
 * after every move. The redirect carries {@code hop=1}; a request that already hopped, or a
 * datasource nobody owns at the moment (a membership change is settling), gets 404, never a loop.
 */
final class ProbeHandler implements Handler {
  /** Marks a request redirected once by another member of the cluster. */
  static final String HOP = "hop";

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
    ClusterView cluster = m.cluster();
    if (!cluster.ownsLocally(name)) {
      Optional<ClusterView.Owner> owner = cluster.ownerOf(name).filter(o -> !o.local());
      if (owner.isPresent() && request.param(HOP).isEmpty()) {
        String to =
            owner.get().url()
                + "/probe?target="
                + URLEncoder.encode(name, StandardCharsets.UTF_8)
                + "&"
                + HOP
                + "=1";
        request.setHeader("Location", to);
        request.text(307, "datasource '" + name + "' is scraped by " + owner.get().url() + "\n");
        return;
      }
      request.text(
          404,
          "datasource '"
              + name
              + "' is not scraped by this instance"
              + owner.map(o -> " (its owner is " + o.url() + ")").orElse(" (no owner right now)")
              + "\n");
      return;
    }
    scrape.write(request, m, deadline -> m.scrapeOne(name, deadline).orElseThrow());
  }
}
