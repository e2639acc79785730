package io.dbscope.server.http;

import io.dbscope.core.cluster.ClusterView;
import io.dbscope.core.config.DatasourceConfig;
import io.dbscope.core.scrape.MonitoredDatasource;
import io.dbscope.server.Monitor;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code GET /sd}: Prometheus' HTTP service discovery ({@code http_sd_configs}). Every enabled
 * datasource is one target group, {@code /probe?target=<name>} on this dbscope, with {@code
 * instance} set to the datasource's name, so a job with nothing but the discovery url gets one
 * target, one {@code up} and one {@code instance} per datasource. Read from the running config at
 * each request, so a reload changes the list at Prometheus' next refresh.
 *
 * <p>The datasource's own labels go as {@code __meta_dbscope_label_<name>}, not as target labels:
 * every sample of {@code /probe} already carries them, and a target label of the same name would
 * make Prometheus rename the sample's to {@code exported_<name>}.
 *
 * <p>In a cluster every instance answers with the whole cluster's map: each datasource once, on its
 * owner's advertised URL, so that Prometheus can list every instance's {@code /sd} and the
 * duplicates collapse; {@code instance} stays the datasource's name, so a move changes no series. A
 * datasource nobody owns at the moment (settling, or this instance is fenced) is left out until it
 * has an owner.
 */
final class ServiceDiscovery implements JsonAnswers.Endpoint {
  static final String PATH = "/sd";
  static final String META = "__meta_dbscope_";
  private final Supplier<Monitor> monitor;

  ServiceDiscovery(Supplier<Monitor> monitor) {
    this.monitor = monitor;
  }

  @Override
  public JsonAnswer answer(Request request) {
    String address = ScraperAddress.of(request);
    Monitor m = monitor.get();
    ClusterView cluster = m.cluster();
    List<Map<String, Object>> groups = new ArrayList<>();
    for (MonitoredDatasource d : m.fleet().all()) {
      if (!d.config().enabled()) {
        continue;
      }
      Map<String, Object> group = new LinkedHashMap<>();
      if (!cluster.clustered()) {
        group.put("targets", List.of(address));
        group.put("labels", labels(d.config(), request.secure()));
      } else {
        Optional<ClusterView.Owner> owner = cluster.ownerOf(d.config().name());
        if (owner.isEmpty()) {
          continue;
        }
        URI url = URI.create(owner.get().url());
        Map<String, String> labels = labels(d.config(), "https".equals(url.getScheme()));
        String path = url.getRawPath() == null ? "" : url.getRawPath();
        labels.put("__metrics_path__", path + "/probe");
        labels.put(META + "owner", owner.get().url());
        group.put("targets", List.of(url.getRawAuthority()));
        group.put("labels", labels);
      }
      groups.add(group);
    }
    return JsonAnswer.document(groups);
  }

  /**
   * @param tls whether Prometheus reached dbscope over TLS: then it scrapes over TLS too, whatever
   *     the job's {@code scheme}; otherwise the job's scheme stays (a TLS proxy in front of
   *     dbscope)
   */
  static Map<String, String> labels(DatasourceConfig c, boolean tls) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("__metrics_path__", "/probe");
    labels.put("__param_target", c.name());
    if (tls) {
      labels.put("__scheme__", "https");
    }
    labels.put("instance", c.name());
    labels.put(META + "datasource", c.name());
    labels.put(META + "engine", c.engine());
    c.labels().forEach((k, v) -> labels.put(META + "label_" + k, v));
    return labels;
  }
}
