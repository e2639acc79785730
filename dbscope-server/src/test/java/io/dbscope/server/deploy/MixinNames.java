package io.dbscope.server.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The metric names that the community exporters' own mixins (dashboards, alert and recording rules)
 * query, as recorded in src/test/resources/mixins/&lt;exporter&gt;.tsv, and the names of absent.yml
 * that this test's servers cannot give a series for, each with its reason.
 */
final class MixinNames {
  static final Path DIR = Path.of("src", "test", "resources", "mixins").toAbsolutePath();
  static final Path ABSENT = DIR.resolve("absent.yml");

  /** One name a mixin file queries: the exporter's list it is in and the mixin file. */
  record Use(String exporter, String name, String source) {
    String describe() {
      return name + " (" + exporter + ".tsv: " + source + ")";
    }
  }

  private MixinNames() {}

  /** Every (name, source file) line of every exporter's list. */
  static List<Use> all() {
    List<Use> out = new ArrayList<>();
    for (Path f : Tools.files(DIR, ".tsv")) {
      String exporter = f.getFileName().toString().replaceFirst("\\.tsv$", "");
      List<String> lines;
      try {
        lines = Files.readAllLines(f);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + f, e);
      }
      for (String line : lines) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] cols = line.split("\t");
        if (cols.length != 2) {
          throw new IllegalStateException(f + ": not 'name<TAB>source': " + line);
        }
        out.add(new Use(exporter, cols[0].strip(), cols[1].strip()));
      }
    }
    return out;
  }

  /**
   * One entry of absent.yml: why the name has no series, and, for a name the mixin spells older
   * than the exporter does, the exporter's current name (blank otherwise), which must have one.
   */
  record Absent(String reason, String servedAs) {}

  /** absent.yml by name. */
  static Map<String, Absent> absent() {
    Map<String, Absent> out = new TreeMap<>();
    for (JsonNode entry : RuleFiles.read(ABSENT).path("absent")) {
      out.put(
          entry.path("name").asText(),
          new Absent(entry.path("reason").asText(), entry.path("servedAs").asText()));
    }
    return out;
  }
}
