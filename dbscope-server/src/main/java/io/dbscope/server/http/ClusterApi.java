package io.dbscope.server.http;

import io.dbscope.core.cluster.ClusterView;
import io.dbscope.core.scrape.MonitoredDatasource;
import io.dbscope.server.Monitor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code GET /api/v1/cluster}: who scrapes what, in this instance's view (read-only; the same
 * {@link ClusterView} the web console reads). Outside a cluster: one member that owns everything.
 *
 * <pre>{@code
 * {"status":"success","clustered":true,
 *  "members":[{"id":"http://h1:9630","url":"http://h1:9630","local":true}, ...],
 *  "owned":["pg-1", ...], "owners":{"pg-1":"http://h1:9630","pg-2":"http://h2:9630"}}
 * }</pre>
 *
 * <p>{@code owned} is what this instance scrapes now; {@code owners} the whole map (a datasource
 * missing from it has no owner at the moment).
 */
final class ClusterApi implements JsonAnswers.Endpoint {
  static final String PATH = "/api/v1/cluster";
  private final Supplier<Monitor> monitor;

  ClusterApi(Supplier<Monitor> monitor) {
    this.monitor = monitor;
  }

  @Override
  public JsonAnswer answer(Request request) {
    Monitor m = monitor.get();
    ClusterView view = m.cluster();
    List<String> owned = new ArrayList<>();
    Map<String, String> owners = new LinkedHashMap<>();
    for (MonitoredDatasource d : m.fleet().all()) {
      String name = d.config().name();
      if (!d.config().enabled()) {
        continue;
      }
      if (view.ownsLocally(name)) {
        owned.add(name);
      }
      view.ownerOf(name)
          .ifPresent(o -> owners.put(name, o.local() && o.url().isEmpty() ? "" : o.url()));
    }
    List<Map<String, Object>> members = new ArrayList<>();
    for (ClusterView.Owner o : view.members()) {
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("id", o.id());
      e.put("url", o.url());
      e.put("local", o.local());
      members.add(e);
    }
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("clustered", view.clustered());
    fields.put("members", members);
    fields.put("owned", owned);
    fields.put("owners", owners);
    return JsonAnswer.success(fields);
  }
}
