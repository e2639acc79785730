package io.dbscope.engine.postgres;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Prometheus text format read back into families and samples, so that tests assert on what a
 * scraper would see ({@code # TYPE} lines, names, label names and values), not on internal objects.
 */
final class ExpositionText {
  /** One sample line. */
  record Sample(String name, Map<String, String> labels, double value) {}

  private final Map<String, String> types = new LinkedHashMap<>();
  private final List<Sample> samples = new ArrayList<>();
  private final String text;

  ExpositionText(String text) {
    this.text = text;
    for (String line : text.split("\n")) {
      if (line.startsWith("# TYPE ")) {
        String[] p = line.substring(7).split(" ");
        types.put(p[0], p[1]);
      } else if (!line.isBlank() && !line.startsWith("#")) {
        samples.add(parse(line));
      }
    }
  }

  String text() {
    return text;
  }

  /** The type declared for a family name as written in {@code # TYPE}. */
  Optional<String> type(String family) {
    return Optional.ofNullable(types.get(family));
  }

  List<Sample> samples(String name) {
    return samples.stream().filter(s -> s.name().equals(name)).toList();
  }

  /** Samples of {@code name} whose labels include every given pair. */
  List<Sample> samples(String name, Map<String, String> having) {
    return samples(name).stream()
        .filter(
            s ->
                having.entrySet().stream()
                    .allMatch(e -> e.getValue().equals(s.labels().get(e.getKey()))))
        .toList();
  }

  private static Sample parse(String line) {
    int brace = line.indexOf('{');
    int space = line.indexOf(' ');
    if (brace < 0 || brace > space) {
      return new Sample(line.substring(0, space), Map.of(), value(line.substring(space + 1)));
    }
    String name = line.substring(0, brace);
    Map<String, String> labels = new LinkedHashMap<>();
    int i = brace + 1;
    while (line.charAt(i) != '}') {
      int eq = line.indexOf('=', i);
      String label = line.substring(i, eq);
      StringBuilder v = new StringBuilder();
      int j = eq + 2; // skip ="
      while (line.charAt(j) != '"') {
        char c = line.charAt(j);
        if (c == '\\') {
          char n = line.charAt(++j);
          v.append(n == 'n' ? '\n' : n);
        } else {
          v.append(c);
        }
        j++;
      }
      labels.put(label, v.toString());
      i = j + 1;
      if (line.charAt(i) == ',') {
        i++;
      }
    }
    return new Sample(name, labels, value(line.substring(i + 2).split(" ")[0]));
  }

  private static double value(String s) {
    return switch (s.strip()) {
      case "+Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      case "NaN" -> Double.NaN;
      default -> Double.parseDouble(s.strip());
    };
  }
}
