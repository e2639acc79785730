package io.dbscope.server;

import io.dbscope.core.definition.Definition;
import io.dbscope.core.definition.DefinitionLoader;
import io.dbscope.core.engine.Engine;
import io.dbscope.testkit.ForwardingEngine;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A real engine with extra definitions appended, for tests that need a slow or broken query on a
 * real server. Not a mock: connections, SQL and mapping are the real engine's.
 */
final class ExtraDefinitions extends ForwardingEngine {
  private final List<Definition> extra;

  private ExtraDefinitions(Engine real, List<Definition> extra) {
    super(real);
    this.extra = List.copyOf(extra);
  }

  static ExtraDefinitions of(Engine real, String yaml) {
    return new ExtraDefinitions(
        real,
        new DefinitionLoader()
            .load(
                "test-extra.yaml",
                new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))));
  }

  @Override
  public List<Definition> definitions() {
    List<Definition> all = new ArrayList<>(delegate().definitions());
    all.addAll(extra);
    return all;
  }
}
