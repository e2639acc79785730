package io.dbscope.core.engine;

import io.dbscope.core.definition.Definition;
import io.dbscope.core.definition.DefinitionLoader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Loads an engine's built-in definitions from its resources: {@code definitions/<engine>/index.txt}
 * lists the YAML files in order (one per line, {@code #} for comments), so that the set is explicit
 * and reviewable.
 */
public final class Definitions {
  private Definitions() {}

  /**
   * An engine's definitions, loaded by {@code load} at the first call and kept: parsing every
   * engine's YAML was most of dbscope's start-up CPU, and a config uses one or two engines. A
   * datasource reads its engine's definitions when it is built, so a broken built-in file still
   * stops the start (or the reload) of a config that uses that engine. A load that fails is tried
   * again at the next call.
   */
  public static Supplier<List<Definition>> lazily(Supplier<List<Definition>> load) {
    return new Once<>(() -> List.copyOf(load.get()));
  }

  public static List<Definition> builtin(Class<?> anchor, String engine) {
    return builtin(anchor, engine, Set.of());
  }

  /**
   * @param groups the engine's own definition groups (see {@code Engine.groupSwitches})
   */
  public static List<Definition> builtin(Class<?> anchor, String engine, Set<String> groups) {
    String dir = "/definitions/" + engine + "/";
    String index = read(anchor, dir + "index.txt");
    Map<String, InputStream> files = new LinkedHashMap<>();
    for (String line : index.lines().map(String::strip).toList()) {
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      InputStream in = anchor.getResourceAsStream(dir + line);
      if (in == null) {
        throw new IllegalStateException(dir + "index.txt lists " + line + ", which does not exist");
      }
      files.put(dir.substring(1) + line, in);
    }
    try {
      return new DefinitionLoader(groups).loadAll(files);
    } finally {
      for (InputStream in : files.values()) {
        try {
          in.close();
        } catch (IOException e) {
          // Resource streams: nothing to recover.
        }
      }
    }
  }

  private static String read(Class<?> anchor, String path) {
    try (InputStream in = anchor.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + path);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
