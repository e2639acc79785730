package io.dbscope.core.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The modules stand in layers and lean only downward: SQL text, then core (and beside it the
 * application library dbscope-jdbc, which needs only SQL text), then what JDBC engines share (and
 * the test kit), then the engines and the event sinks, then the server, then what runs or packages
 * the server (demo, benchmarks, the Debian package). A module's main dependencies are on lower
 * layers; its test dependencies on lower layers or the test kit. Maven already refuses cycles; this
 * refuses an engine depending on another engine or on the server, and core depending on anything of
 * ours.
 */
class ModuleGraphTest {
  private static final Path REPO = Path.of("").toAbsolutePath().getParent();
  private static final Pattern DEPENDENCY =
      Pattern.compile("<dependency>(.*?)</dependency>", Pattern.DOTALL);
  private static final Pattern OURS = Pattern.compile("<artifactId>(dbscope-[\\w-]+)</artifactId>");
  private static final Pattern SCOPE = Pattern.compile("<scope>(\\w+)</scope>");

  /** Layers of the fixed modules; every {@code dbscope-engine-*} but engine-sql is an engine. */
  private static final Map<String, Integer> LAYERS =
      Map.ofEntries(
          Map.entry("dbscope-sql", 0),
          Map.entry("dbscope-core", 1),
          Map.entry("dbscope-jdbc", 1),
          Map.entry("dbscope-engine-sql", 2),
          Map.entry("dbscope-testkit", 2),
          Map.entry("dbscope-sink-kafka", 3),
          Map.entry("dbscope-cluster", 3),
          Map.entry("dbscope-server", 4),
          Map.entry("dbscope-demo", 5),
          Map.entry("dbscope-bench", 5),
          Map.entry("dbscope-dist", 5),
          Map.entry("dbscope-console-test", 5));

  private static final int ENGINES = 3;

  @Test
  void everyModuleDependsOnlyOnLowerLayers() throws IOException {
    List<String> wrong = new ArrayList<>();
    List<Path> modules = modules();
    for (Path module : modules) {
      String name = module.getFileName().toString();
      String pom = Files.readString(module.resolve("pom.xml"));
      String deps =
          pom.contains("<dependencies>") ? pom.substring(pom.indexOf("<dependencies>")) : "";
      Matcher d = DEPENDENCY.matcher(deps);
      while (d.find()) {
        Matcher ours = OURS.matcher(d.group(1));
        if (!ours.find()) {
          continue;
        }
        String on = ours.group(1);
        Matcher scope = SCOPE.matcher(d.group(1));
        boolean test = scope.find() && scope.group(1).equals("test");
        boolean ok =
            test
                ? on.equals("dbscope-testkit") || on.equals(name) || layer(on) < layer(name)
                : layer(on) < layer(name);
        if (!ok) {
          wrong.add(name + " -> " + on + (test ? " (test)" : ""));
        }
      }
    }

    assertThat(modules).as("modules under %s", REPO).hasSizeGreaterThan(6);
    assertThat(wrong).as("dependencies that do not lean downward").isEmpty();
  }

  private static int layer(String module) {
    return LAYERS.getOrDefault(module, module.startsWith("dbscope-engine-") ? ENGINES : -1);
  }

  private static List<Path> modules() throws IOException {
    try (Stream<Path> s = Files.list(REPO)) {
      return s.filter(p -> p.getFileName().toString().startsWith("dbscope-"))
          .filter(p -> Files.exists(p.resolve("pom.xml")))
          .sorted()
          .toList();
    }
  }
}
