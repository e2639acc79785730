package io.dbscope.core.custom;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.dbscope.core.definition.Definition;
import io.dbscope.core.definition.DefinitionException;
import io.dbscope.core.definition.DefinitionLoader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads custom definitions in the built-in YAML schema (see {@link DefinitionLoader}), so that a
 * user can add collectors, replace a built-in one or turn built-ins off:
 *
 * <pre>{@code
 * disable: [pg_stat_bgwriter]          # built-in collector ids not to run
 * definitions:
 *   - id: pg_stat_database             # same id as a built-in ...
 *     override: true                   # ... replaces it (without override: an error)
 *     help: ...
 *     query: SELECT ...
 *     columns: {...}
 *     maxRows: 500                     # dbscope's limits for user SQL (defaults 100 and 1000)
 *     maxSeries: 5000
 * }</pre>
 *
 * A file may also be a bare list of definitions, exactly like a built-in definition file. Each
 * definition is checked by {@link DefinitionLoader} itself (one item at a time, so that its
 * messages point at the item's line in this file); the keys {@code override}, {@code maxRows},
 * {@code maxSeries} and {@code unchecked} are dbscope's additions for custom files. A new
 * definition without {@code group} is in group {@code custom}; an override keeps the group of the
 * built-in it replaces unless it says otherwise.
 */
final class YamlDefinitions {
  static final List<String> EXTENSIONS = List.of("override", "maxRows", "maxSeries", "unchecked");
  private static final String TOKEN = "item";
  private static final Pattern PREFIX = Pattern.compile("^" + TOKEN + ":\\d+(?: \\([^)]*\\))?: ");

  private final YAMLMapper yaml =
      YAMLMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
  private final DefinitionLoader definitions = new DefinitionLoader();

  /** Definitions and disabled built-ins of one file. */
  record Result(List<CustomMetric> metrics, List<String> disable) {}

  Result read(String text, LoadContext cx) {
    List<CustomMetric> out = new ArrayList<>();
    List<String> disable = new ArrayList<>();
    try (JsonParser p = yaml.createParser(text)) {
      JsonToken t = p.nextToken();
      if (t == null) {
        return new Result(out, disable);
      }
      if (t == JsonToken.START_ARRAY) {
        items(p, cx, out);
      } else if (t == JsonToken.START_OBJECT) {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String key = p.currentName();
          int line = p.currentTokenLocation().getLineNr();
          JsonToken value = p.nextToken();
          switch (key) {
            case "disable" -> disable.addAll(ids(p.readValueAsTree(), line, cx));
            case "definitions" -> {
              if (value == JsonToken.START_ARRAY) {
                items(p, cx, out);
              } else {
                cx.problem(line, "", "definitions: must be a list of definitions");
                p.skipChildren();
              }
            }
            default -> {
              cx.problem(line, "", key + ": unknown key (known: disable, definitions)");
              p.skipChildren();
            }
          }
        }
      } else {
        cx.problem(
            p.currentTokenLocation().getLineNr(),
            "",
            "expected definitions (a list, or a map with 'definitions' and 'disable')");
      }
    } catch (JsonProcessingException e) {
      int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
      String msg = e.getOriginalMessage() == null ? "cannot parse" : e.getOriginalMessage();
      cx.problem(
          Math.max(0, line), "", "YAML syntax: " + msg.lines().findFirst().orElse("").strip());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Result(out, disable);
  }

  private void items(JsonParser p, LoadContext cx, List<CustomMetric> out) throws IOException {
    Map<String, Integer> ids = new HashMap<>();
    JsonToken t;
    while ((t = p.nextToken()) != JsonToken.END_ARRAY && t != null) {
      int line = p.currentTokenLocation().getLineNr();
      JsonNode node = p.readValueAsTree();
      if (!(node instanceof ObjectNode item)) {
        cx.problem(line, "", "each definition must be a map with id, help, query...");
        continue;
      }
      String id = item.path("id").asText("");
      int problemsBefore = cx.problems().size();
      Integer before = id.isEmpty() ? null : ids.putIfAbsent(id, line);
      if (before != null) {
        cx.problem(line, id, "id: '" + id + "' is also the id of the definition at line " + before);
      } else {
        item(item, line, cx).ifPresent(out::add);
      }
      cx.endEntry(id.isEmpty() ? "#" + line : id, problemsBefore);
    }
  }

  private Optional<CustomMetric> item(ObjectNode node, int line, LoadContext cx)
      throws IOException {
    int before = cx.problems().size();
    String id = node.path("id").asText("");
    String metric = id.isEmpty() ? "#" + line : id;
    boolean override = cx.bool(node.remove("override"), "override", false, line, metric);
    int maxRows =
        cx.limit(
            node.remove("maxRows"),
            "maxRows",
            CustomMetricsLoader.DEFAULT_MAX_ROWS,
            1,
            CustomMetricsLoader.MAX_ROWS_LIMIT,
            line,
            metric);
    int maxSeries =
        cx.limit(
            node.remove("maxSeries"),
            "maxSeries",
            CustomMetricsLoader.DEFAULT_MAX_SERIES,
            1,
            CustomMetricsLoader.MAX_SERIES_LIMIT,
            line,
            metric);
    boolean unchecked = cx.bool(node.remove("unchecked"), "unchecked", false, line, metric);
    cx.uncheckedAllowed(unchecked, line, metric);
    boolean inheritGroup = override && !node.has("group");
    if (!node.has("group")) {
      node.put("group", "custom");
    }
    Definition d;
    try {
      byte[] one = yaml.writeValueAsBytes(List.of(node));
      d = definitions.load(TOKEN, new ByteArrayInputStream(one)).getFirst();
    } catch (DefinitionException e) {
      for (String problem : e.problems()) {
        String reason =
            PREFIX
                .matcher(problem)
                .replaceFirst("")
                .replace("(known: ", "(known: " + String.join(", ", EXTENSIONS) + ", ");
        cx.problem(line, metric, reason);
      }
      return Optional.empty();
    }
    Optional<QueryGuard.Verdict> verdict = cx.query(line, 0, metric, "query", d.query(), unchecked);
    if (cx.problems().size() > before || verdict.isEmpty()) {
      return Optional.empty();
    }
    Definition guarded =
        new Definition(
            d.id(),
            d.help(),
            d.query(),
            d.ttl(),
            d.timeout(),
            d.cacheClass(),
            d.versions(),
            d.tags(),
            d.group(),
            d.defaultEnabled(),
            d.mapping(),
            cx.file + ":" + line,
            new Definition.Limits(true, maxRows, maxSeries),
            d.serverLabel());
    return Optional.of(
        new CustomMetric(
            guarded,
            cx.file,
            line,
            d.id(),
            override,
            inheritGroup,
            true,
            false,
            !verdict.get().parsed()));
  }

  private static List<String> ids(JsonNode node, int line, LoadContext cx) {
    List<String> out = new ArrayList<>();
    if (node == null || !node.isArray()) {
      cx.problem(line, "", "disable: must be a list of built-in collector ids");
      return out;
    }
    for (JsonNode n : node) {
      if (n.isTextual() && !n.asText().isBlank()) {
        out.add(n.asText().strip());
      } else {
        cx.problem(line, "", "disable: " + n + " is not a collector id");
      }
    }
    return out;
  }
}
