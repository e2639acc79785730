package io.dbscope.core.definition;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.dbscope.core.config.Durations;
import io.dbscope.core.metrics.MetricType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads definition files (a YAML list of definitions) and checks them once: unknown keys, missing
 * help, bad metric or label names, duplicate ids, bad regexes and bad versions all fail loading
 * with file, line and key. Every problem of a file is reported, not just the first.
 *
 * <pre>{@code
 * List<Definition> defs = new DefinitionLoader().load("postgres/010-database.yaml", stream);
 * }</pre>
 */
public final class DefinitionLoader {
  static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
  static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

  /** The groups every engine has; an engine may add its own ({@code Engine.groupSwitches}). */
  public static final Set<String> CORE_GROUPS = Set.of("database", "host", "custom");

  private final Set<String> groups;

  private final ObjectMapper mapper =
      YAMLMapper.builder()
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .build();

  /** A loader accepting the core groups only. */
  public DefinitionLoader() {
    this(Set.of());
  }

  /**
   * @param engineGroups the engine's own groups, accepted besides {@link #CORE_GROUPS}
   */
  public DefinitionLoader(Set<String> engineGroups) {
    Set<String> all = new java.util.TreeSet<>(CORE_GROUPS);
    all.addAll(engineGroups);
    this.groups = java.util.Collections.unmodifiableSet(all);
  }

  /** Loads several files and checks that ids are unique across them. */
  public List<Definition> loadAll(Map<String, InputStream> files) {
    List<Definition> all = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    Map<String, String> seen = new LinkedHashMap<>();
    for (var e : files.entrySet()) {
      try {
        for (Definition d : load(e.getKey(), e.getValue())) {
          String before = seen.putIfAbsent(d.id(), d.origin());
          if (before != null) {
            problems.add(d.origin() + ": id: '" + d.id() + "' is already defined at " + before);
          } else {
            all.add(d);
          }
        }
      } catch (DefinitionException ex) {
        problems.addAll(ex.problems());
      }
    }
    if (!problems.isEmpty()) {
      throw new DefinitionException(problems);
    }
    return all;
  }

  /**
   * Loads one file.
   *
   * @param name file name used in messages
   * @throws DefinitionException listing every problem found
   */
  public List<Definition> load(String name, InputStream in) {
    List<String> problems = new ArrayList<>();
    List<Definition> out = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    try (JsonParser p = mapper.createParser(in)) {
      JsonToken first = p.nextToken();
      if (first == null) {
        return List.of();
      }
      if (first != JsonToken.START_ARRAY) {
        throw new DefinitionException(
            List.of(name + ":" + line(p.currentLocation()) + ": expected a list of definitions"));
      }
      while (p.nextToken() == JsonToken.START_OBJECT) {
        int line = line(p.currentLocation());
        String where = name + ":" + line;
        JsonNode node = mapper.readTree(p);
        try {
          DefinitionYaml.Def raw = mapper.treeToValue(node, DefinitionYaml.Def.class);
          Definition d = build(raw, where, problems);
          if (d != null) {
            if (!ids.add(d.id())) {
              problems.add(where + ": id: '" + d.id() + "' appears twice in this file");
            } else {
              out.add(d);
            }
          }
        } catch (UnrecognizedPropertyException e) {
          problems.add(
              where
                  + ": "
                  + e.getPropertyName()
                  + ": unknown key (known: "
                  + String.join(
                      ", ", e.getKnownPropertyIds().stream().map(Object::toString).toList())
                  + ")");
        } catch (JsonProcessingException e) {
          problems.add(where + ": " + e.getOriginalMessage());
        }
      }
    } catch (JsonProcessingException e) {
      problems.add(name + ":" + line(e.getLocation()) + ": " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + name, e);
    }
    if (!problems.isEmpty()) {
      throw new DefinitionException(problems);
    }
    return out;
  }

  private static int line(JsonLocation loc) {
    return loc == null ? 0 : loc.getLineNr();
  }

  private Definition build(DefinitionYaml.Def raw, String where, List<String> problems) {
    int before = problems.size();
    String at = where + " (" + raw.id() + ")";
    if (raw.id() == null || !raw.id().matches("[a-zA-Z0-9_:.\\-]+")) {
      problems.add(where + ": id: must be letters, digits, '_', ':', '.' or '-'");
    }
    if (raw.query() == null || raw.query().isBlank()) {
      problems.add(at + ": query: must not be empty");
    }
    Duration ttl = duration(raw.ttl(), Duration.ZERO, at, "ttl", problems);
    Duration timeout = duration(raw.timeout(), Duration.ofSeconds(10), at, "timeout", problems);
    CacheClass cache = CacheClass.DEFAULT;
    if (raw.cache() != null) {
      try {
        cache = CacheClass.valueOf(raw.cache().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        problems.add(at + ": cache: must be default, big or alarm, not '" + raw.cache() + "'");
      }
    }
    Optional<ServerVersion> min = version(raw.minVersion(), at, "minVersion", problems);
    Optional<ServerVersion> max = version(raw.maxVersion(), at, "maxVersion", problems);
    String group = raw.group() == null ? "database" : raw.group();
    if (!groups.contains(group)) {
      problems.add(at + ": group: must be one of " + groups + ", not '" + group + "'");
    }
    if (raw.serverLabel() != null && !isLabelName(raw.serverLabel())) {
      problems.add(at + ": serverLabel: '" + raw.serverLabel() + "' is not a label name");
    }
    List<String> tags = raw.tags() == null ? List.of() : raw.tags();
    for (String t : tags) {
      if (!DefinitionTags.valid(t)) {
        problems.add(at + ": tags: '" + t + "' is not " + DefinitionTags.FORMS);
      }
    }
    Mapping mapping = null;
    if ((raw.columns() == null) == (raw.keyValue() == null)) {
      problems.add(at + ": exactly one of 'columns' and 'keyValue' must be given");
    } else if (raw.columns() != null) {
      mapping = columns(raw, at, problems);
    } else {
      mapping = keyValue(raw.keyValue(), at, problems);
    }
    if (problems.size() > before) {
      return null;
    }
    return new Definition(
        raw.id(),
        raw.help() == null ? "" : raw.help().strip(),
        raw.query().strip(),
        ttl,
        timeout,
        cache,
        new VersionRange(min, max),
        Set.copyOf(tags),
        group,
        raw.enabled() == null || raw.enabled(),
        mapping,
        where,
        Definition.Limits.BUILTIN,
        Optional.ofNullable(raw.serverLabel()));
  }

  private Mapping.Columns columns(DefinitionYaml.Def raw, String at, List<String> problems) {
    String prefix = raw.prefix() == null ? "" : raw.prefix();
    List<Column> cols = new ArrayList<>();
    boolean anyValue = false;
    for (var e : raw.columns().entrySet()) {
      String col = e.getKey().toLowerCase(Locale.ROOT);
      DefinitionYaml.ColumnSpec spec = e.getValue();
      String key = "columns." + e.getKey();
      Column.Usage usage;
      try {
        usage = Column.Usage.valueOf(String.valueOf(spec.usage()).toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException ex) {
        problems.add(
            at
                + ": "
                + key
                + ": usage must be label, gauge, counter, untyped, histogram_bucket, histogram_sum,"
                + " histogram_count, summary_quantile, summary_sum, summary_count or discard, not '"
                + spec.usage()
                + "'");
        continue;
      }
      Optional<String> metricName = Optional.ofNullable(spec.name());
      if (usage.metricType().isPresent()) {
        anyValue = true;
        String name = metricName.orElse(prefix.isEmpty() ? col : prefix + "_" + col);
        if (!METRIC_NAME.matcher(name).matches()) {
          problems.add(at + ": " + key + ": '" + name + "' is not a valid metric name");
        }
        if (spec.help() == null || spec.help().isBlank()) {
          problems.add(at + ": " + key + ": help is required for a metric column");
        }
        metricName = Optional.of(name);
      }
      Optional<String> label = Optional.ofNullable(spec.label());
      if (usage == Column.Usage.LABEL) {
        String l = label.orElse(col);
        if (!isLabelName(l)) {
          problems.add(at + ": " + key + ": '" + l + "' is not a valid label name");
        }
        label = Optional.of(l);
      }
      cols.add(
          new Column(
              col,
              usage,
              metricName,
              label,
              spec.help() == null ? "" : spec.help().strip(),
              spec.scale() == null ? 1.0 : spec.scale(),
              lower(spec.valueMap())));
    }
    if (!anyValue) {
      problems.add(at + ": columns: at least one column must be a gauge, counter or untyped");
    }
    HistogramColumns.check(cols, at, problems);
    return new Mapping.Columns(prefix, cols);
  }

  /** A Prometheus label name that is not reserved by Prometheus ({@code __*}). */
  private static boolean isLabelName(String l) {
    return LABEL_NAME.matcher(l).matches() && !l.startsWith("__");
  }

  private Mapping.KeyValue keyValue(
      DefinitionYaml.KeyValueSpec kv, String at, List<String> problems) {
    String prefix = kv.prefix() == null ? "" : kv.prefix();
    boolean exportUnmatched = kv.exportUnmatched() == null || kv.exportUnmatched();
    if (exportUnmatched && !METRIC_NAME.matcher(prefix).matches()) {
      problems.add(at + ": keyValue.prefix: '" + prefix + "' is not a valid metric name prefix");
    }
    MetricType unmatchedType =
        type(kv.unmatchedType(), MetricType.UNTYPED, at, "keyValue.unmatchedType", problems);
    List<Mapping.KeyRule> rules = new ArrayList<>();
    List<DefinitionYaml.RuleSpec> specs = kv.rules() == null ? List.of() : kv.rules();
    for (int i = 0; i < specs.size(); i++) {
      DefinitionYaml.RuleSpec r = specs.get(i);
      String key = "keyValue.rules[" + i + "]";
      Pattern pattern;
      try {
        pattern = Pattern.compile(r.match().toLowerCase(Locale.ROOT));
      } catch (PatternSyntaxException e) {
        problems.add(at + ": " + key + ".match: bad regular expression: " + e.getDescription());
        continue;
      }
      boolean drop = Boolean.TRUE.equals(r.drop());
      if (!drop) {
        if (r.name() == null
            || !METRIC_NAME.matcher(r.name().replaceAll("\\$\\d", "x")).matches()) {
          problems.add(at + ": " + key + ".name: '" + r.name() + "' is not a valid metric name");
        }
        if (r.help() == null || r.help().isBlank()) {
          problems.add(at + ": " + key + ".help: required");
        }
      }
      Map<String, String> labels = r.labels() == null ? Map.of() : r.labels();
      for (String l : labels.keySet()) {
        if (!isLabelName(l)) {
          problems.add(at + ": " + key + ".labels: '" + l + "' is not a valid label name");
        }
      }
      rules.add(
          new Mapping.KeyRule(
              pattern,
              r.name() == null ? "" : r.name(),
              labels,
              type(r.type(), MetricType.GAUGE, at, key + ".type", problems),
              r.help() == null ? "" : r.help().strip(),
              r.scale() == null ? 1.0 : r.scale(),
              drop));
    }
    List<String> labelColumns = kv.labels() == null ? List.of() : kv.labels();
    for (String l : labelColumns) {
      if (!isLabelName(l.toLowerCase(Locale.ROOT))) {
        problems.add(at + ": keyValue.labels: '" + l + "' is not a valid label name");
      }
    }
    return new Mapping.KeyValue(
        prefix,
        kv.key() == null ? "name" : kv.key().toLowerCase(Locale.ROOT),
        kv.value() == null ? "value" : kv.value().toLowerCase(Locale.ROOT),
        Optional.ofNullable(kv.unit()).map(s -> s.toLowerCase(Locale.ROOT)),
        Optional.ofNullable(kv.helpColumn()).map(s -> s.toLowerCase(Locale.ROOT)),
        kv.labels() == null
            ? List.of()
            : kv.labels().stream().map(s -> s.toLowerCase(Locale.ROOT)).toList(),
        exportUnmatched,
        unmatchedType,
        kv.unmatchedHelp() == null ? "Value of {key}." : kv.unmatchedHelp(),
        lower(kv.valueMap()),
        rules);
  }

  private static Map<String, Double> lower(Map<String, Double> m) {
    if (m == null) {
      return Map.of();
    }
    Map<String, Double> out = new LinkedHashMap<>();
    m.forEach((k, v) -> out.put(k.toLowerCase(Locale.ROOT), v));
    return out;
  }

  private static MetricType type(
      String text, MetricType dflt, String at, String key, List<String> problems) {
    if (text == null) {
      return dflt;
    }
    // A key is one sample, never a histogram.
    for (MetricType t : List.of(MetricType.GAUGE, MetricType.COUNTER, MetricType.UNTYPED)) {
      if (t.name().equalsIgnoreCase(text)) {
        return t;
      }
    }
    problems.add(at + ": " + key + ": must be gauge, counter or untyped, not '" + text + "'");
    return dflt;
  }

  private static Duration duration(
      String text, Duration dflt, String at, String key, List<String> problems) {
    if (text == null) {
      return dflt;
    }
    try {
      return Durations.parse(text, ChronoUnit.SECONDS);
    } catch (IllegalArgumentException e) {
      problems.add(at + ": " + key + ": " + e.getMessage());
      return dflt;
    }
  }

  private static Optional<ServerVersion> version(
      String text, String at, String key, List<String> problems) {
    if (text == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(ServerVersion.parse(text));
    } catch (IllegalArgumentException e) {
      problems.add(at + ": " + key + ": '" + text + "' is not a version such as \"9.6\"");
      return Optional.empty();
    }
  }
}
