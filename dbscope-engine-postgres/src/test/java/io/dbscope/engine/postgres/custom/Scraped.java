package io.dbscope.engine.postgres.custom;

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
 * One or more datasources' batches written in the Prometheus text format and parsed back, so that
 * tests assert on what Prometheus reads: names, {@code # TYPE}, labels and values.
 */
final class Scraped {
  private static final Pattern SAMPLE =
      Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})? (\\S+)");
  private static final Pattern LABEL =
      Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

  /** One sample line. */
  record Sample(String name, Map<String, String> labels, double value) {}

  final String text;
  final Map<String, String> types = new LinkedHashMap<>();
  final List<Sample> samples = new ArrayList<>();

  private Scraped(String text) {
    this.text = text;
    for (String line : text.lines().toList()) {
      if (line.startsWith("# TYPE ")) {
        String[] p = line.split(" ");
        types.put(p[2], p[3]);
      } else if (!line.startsWith("#") && !line.isBlank()) {
        Matcher m = SAMPLE.matcher(line);
        if (!m.matches()) {
          throw new AssertionError("not a sample line: " + line);
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

  static Scraped of(SampleBatch... batches) {
    Exposition.Builder b = Exposition.builder();
    for (SampleBatch batch : batches) {
      b.add(batch);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      new ExpositionWriter().write(out, b.build(), null);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Scraped(out.toString(StandardCharsets.UTF_8));
  }

  List<Sample> named(String name) {
    return samples.stream().filter(s -> s.name().equals(name)).toList();
  }

  /** The sample with this name whose labels include {@code labels} ("k", "v", …). */
  Optional<Sample> find(String name, String... labels) {
    return named(name).stream()
        .filter(
            s -> {
              for (int i = 0; i < labels.length; i += 2) {
                if (!labels[i + 1].equals(s.labels().get(labels[i]))) {
                  return false;
                }
              }
              return true;
            })
        .findFirst();
  }

  double value(String name, String... labels) {
    return find(name, labels)
        .orElseThrow(
            () -> new AssertionError("no sample " + name + " " + List.of(labels) + " in\n" + text))
        .value();
  }

  /** {@code dbscope_collector_success} of one collector of one datasource. */
  double success(String datasource, String collector) {
    return value("dbscope_collector_success", "datasource", datasource, "collector", collector);
  }
}
