package io.dbscope.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Prometheus text format read back into {@code # TYPE} lines and samples, so that tests assert
 * on what a scraper reads (names, types, label names and values), not on internal objects.
 *
 * <p>One parser for every module's tests; the testkit does not depend on dbscope-core, so a module
 * writes its batches with {@link #written} and an {@code ExpositionWriter} call of its own.
 */
public final class ExpositionText {
  private static final Pattern SAMPLE =
      Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})? (\\S+)( -?\\d+)?");
  private static final Pattern LABEL =
      Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

  /** One sample line, its label values unescaped. */
  public record Sample(String name, Map<String, String> labels, double value) {}

  /** Writes exposition text, e.g. {@code out -> new ExpositionWriter().write(out, e, null)}. */
  @FunctionalInterface
  public interface Source {
    void writeTo(OutputStream out) throws IOException;
  }

  private final String text;
  private final Map<String, String> types = new LinkedHashMap<>();
  private final Map<String, String> helps = new LinkedHashMap<>();
  private final List<Sample> samples = new ArrayList<>();

  /**
   * Parses {@code text}.
   *
   * @throws AssertionError on a line that is neither a comment nor a sample
   */
  public ExpositionText(String text) {
    this.text = text;
    for (String line : text.lines().toList()) {
      if (line.startsWith("# TYPE ")) {
        String[] p = line.split(" ");
        types.put(p[2], p[3]);
      } else if (line.startsWith("# HELP ")) {
        String[] p = line.split(" ", 4);
        helps.put(p[2], p.length > 3 ? p[3] : "");
      } else if (!line.startsWith("#") && !line.isBlank()) {
        samples.add(sample(line));
      }
    }
  }

  /** The text that {@code source} writes (as UTF-8), parsed. */
  public static ExpositionText written(Source source) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      source.writeTo(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new ExpositionText(out.toString(StandardCharsets.UTF_8));
  }

  /** The text as written, for assertions on it and for failure messages. */
  public String text() {
    return text;
  }

  /** Family name to the type of its {@code # TYPE} line, in the order written. */
  public Map<String, String> types() {
    return Collections.unmodifiableMap(types);
  }

  /** The type declared for a family name as written in {@code # TYPE}. */
  public Optional<String> type(String family) {
    return Optional.ofNullable(types.get(family));
  }

  /** The text of the {@code # HELP} line of a family (still escaped), if there is one. */
  public Optional<String> help(String family) {
    return Optional.ofNullable(helps.get(family));
  }

  /** Every sample, in the order written. */
  public List<Sample> samples() {
    return Collections.unmodifiableList(samples);
  }

  /** The samples named {@code name} (a full sample name, e.g. {@code x_bucket}). */
  public List<Sample> samples(String name) {
    return samples.stream().filter(s -> s.name().equals(name)).toList();
  }

  /** The samples named {@code name} whose labels include every pair of {@code having}. */
  public List<Sample> samples(String name, Map<String, String> having) {
    return samples(name).stream()
        .filter(s -> s.labels().entrySet().containsAll(having.entrySet()))
        .toList();
  }

  /** The first sample named {@code name} whose labels include {@code labels} ("k", "v", …). */
  public Optional<Sample> find(String name, String... labels) {
    return samples(name, pairs(labels)).stream().findFirst();
  }

  /** The value of {@link #find(String, String...)}; an {@link AssertionError} if there is none. */
  public double value(String name, String... labels) {
    return find(name, labels)
        .orElseThrow(
            () -> new AssertionError("no sample " + name + " " + List.of(labels) + " in\n" + text))
        .value();
  }

  /**
   * The one sample named {@code name} whose labels include {@code labels}: unlike {@link
   * #find(String, String...)} it fails when the labels do not tell the series apart.
   *
   * @throws IllegalStateException when more than one sample matches
   */
  public Optional<Sample> only(String name, Map<String, String> labels) {
    List<Sample> hits = samples(name, labels);
    if (hits.size() > 1) {
      throw new IllegalStateException(hits.size() + " samples of " + name + labels);
    }
    return hits.stream().findFirst();
  }

  /** The value of {@link #only}; an {@link AssertionError} if there is none. */
  public double value(String name, Map<String, String> labels) {
    return only(name, labels)
        .orElseThrow(() -> new AssertionError("no sample " + name + labels + " in:\n" + text))
        .value();
  }

  /**
   * The value of the one sample named {@code name}, as {@link #value(String, Map)} with no labels.
   */
  public double value(String name) {
    return value(name, Map.of());
  }

  /** The sum of the values of the samples named {@code name}. */
  public double sum(String name) {
    return samples(name).stream().mapToDouble(Sample::value).sum();
  }

  /** Whether any sample's name starts with {@code prefix}. */
  public boolean hasFamilyStartingWith(String prefix) {
    return samples.stream().anyMatch(s -> s.name().startsWith(prefix));
  }

  private static Map<String, String> pairs(String... labels) {
    if (labels.length % 2 != 0) {
      throw new IllegalArgumentException("label names and values in pairs: " + List.of(labels));
    }
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < labels.length; i += 2) {
      m.put(labels[i], labels[i + 1]);
    }
    return m;
  }

  private static Sample sample(String line) {
    Matcher m = SAMPLE.matcher(line);
    if (!m.matches()) {
      throw new AssertionError("not a sample line: " + line);
    }
    Map<String, String> labels = new LinkedHashMap<>();
    if (m.group(3) != null) {
      Matcher l = LABEL.matcher(m.group(3));
      while (l.find()) {
        labels.put(l.group(1), unescape(l.group(2)));
      }
    }
    return new Sample(m.group(1), labels, number(m.group(4)));
  }

  /** Label values escape backslash, double quote and line feed. */
  private static String unescape(String v) {
    if (v.indexOf('\\') < 0) {
      return v;
    }
    StringBuilder b = new StringBuilder(v.length());
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (c == '\\' && i + 1 < v.length()) {
        char n = v.charAt(++i);
        b.append(n == 'n' ? '\n' : n);
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }

  private static double number(String s) {
    return switch (s) {
      case "+Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      default -> Double.parseDouble(s);
    };
  }
}
