package io.dbscope.engine.redis;

import io.dbscope.core.metrics.Exposition;
import io.dbscope.core.metrics.ExpositionWriter;
import io.dbscope.core.metrics.SampleBatch;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One scrape as Prometheus reads it: the text that {@link ExpositionWriter} writes, parsed back
 * into {@code # TYPE} lines and samples, so that tests assert on what a dashboard would see.
 */
final class Scrape {
  private static final Pattern SAMPLE = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})? (\\S+)");
  private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

  record Sample(String name, Map<String, String> labels, double value) {}

  final String text;
  final Map<String, String> types = new LinkedHashMap<>();
  final List<Sample> samples = new ArrayList<>();

  Scrape(String text) {
    this.text = text;
    for (String line : text.split("\n")) {
      if (line.startsWith("# TYPE ")) {
        String[] p = line.split(" ");
        types.put(p[2], p[3]);
      } else if (!line.startsWith("#") && !line.isBlank()) {
        Matcher m = SAMPLE.matcher(line);
        if (!m.matches()) {
          throw new IllegalStateException("not a sample line: " + line);
        }
        Map<String, String> labels = new LinkedHashMap<>();
        if (m.group(3) != null) {
          Matcher l = LABEL.matcher(m.group(3));
          while (l.find()) {
            labels.put(l.group(1), l.group(2));
          }
        }
        samples.add(new Sample(m.group(1), labels, Double.parseDouble(m.group(4))));
      }
    }
  }

  static Scrape of(SampleBatch batch) {
    Exposition e = Exposition.builder().add(batch).build();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      new ExpositionWriter().write(out, e, null);
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
    return new Scrape(out.toString(StandardCharsets.UTF_8));
  }

  List<Sample> all(String name) {
    return samples.stream().filter(s -> s.name().equals(name)).toList();
  }

  /** The one sample of {@code name} whose labels include all of {@code labels}. */
  Optional<Sample> find(String name, Map<String, String> labels) {
    List<Sample> hits =
        all(name).stream()
            .filter(s -> s.labels().entrySet().containsAll(labels.entrySet()))
            .toList();
    if (hits.size() > 1) {
      throw new IllegalStateException(hits.size() + " samples of " + name + labels);
    }
    return hits.stream().findFirst();
  }

  double value(String name, Map<String, String> labels) {
    return find(name, labels)
        .orElseThrow(() -> new AssertionError("no sample " + name + labels + " in:\n" + text))
        .value();
  }

  double value(String name) {
    return value(name, Map.of());
  }
}
