package io.dbscope.core.scrape;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbscope.core.definition.ServerVersion;
import io.dbscope.core.engine.ServerFacts;
import io.prometheus.metrics.model.snapshots.Labels;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DatasourceInfoTest {
  private final DatasourceInfo info =
      new DatasourceInfo(Labels.of("datasource", "pg-1"), "postgres", null);

  @Test
  void theLabelsAreMadeOncePerServerFacts() {
    ServerFacts primary = facts("15.4", ServerFacts.Role.PRIMARY);
    Labels first = info.labels(primary);
    assertThat((Object) first)
        .isEqualTo(
            Labels.of(
                "datasource", "pg-1",
                "engine", "postgres",
                "server_role", "primary",
                "server_version", "15.4"));
    assertThat((Object) info.labels(primary)).isSameAs(first);

    Labels failedOver = info.labels(facts("15.4", ServerFacts.Role.REPLICA));
    assertThat(failedOver.get("server_role")).isEqualTo("replica");
    assertThat(failedOver.get("server_version")).isEqualTo("15.4");
  }

  @Test
  void beforeTheFirstConnectionTheServerIsUnknown() {
    Labels none = info.labels(null);
    assertThat(none.get("server_version")).isEmpty();
    assertThat(none.get("server_role")).isEqualTo("unknown");
    assertThat((Object) info.labels(null)).isSameAs(none);
  }

  private static ServerFacts facts(String version, ServerFacts.Role role) {
    return new ServerFacts(version, ServerVersion.parse(version), role, Set.of(), Optional.empty());
  }
}
