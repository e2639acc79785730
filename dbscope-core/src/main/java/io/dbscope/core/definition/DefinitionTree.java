package io.dbscope.core.definition;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dbscope.core.definition.DefinitionYaml.ColumnSpec;
import io.dbscope.core.definition.DefinitionYaml.Def;
import io.dbscope.core.definition.DefinitionYaml.KeyValueSpec;
import io.dbscope.core.definition.DefinitionYaml.RuleSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads one definition from its YAML tree into {@link DefinitionYaml}'s records by hand, when the
 * tree is plain: only known keys, text where a string goes, true/false, numbers, lists and maps of
 * those, no nulls. Anything else goes to Jackson's binding, which gives the same records and the
 * messages for mistakes. Jackson builds its deserializers of these records by reflection, which
 * with the binding itself was a third of the time of parsing Redis's built-in definitions at every
 * start (docs/benchmarks.md).
 */
final class DefinitionTree {
  private static final Set<String> DEF_KEYS =
      Set.of(
          "id",
          "help",
          "query",
          "ttl",
          "timeout",
          "cache",
          "minVersion",
          "maxVersion",
          "tags",
          "group",
          "enabled",
          "prefix",
          "columns",
          "keyValue",
          "serverLabel");
  private static final Set<String> COLUMN_KEYS =
      Set.of("usage", "name", "label", "help", "scale", "valueMap");
  private static final Set<String> KEY_VALUE_KEYS =
      Set.of(
          "prefix",
          "key",
          "value",
          "unit",
          "helpColumn",
          "labels",
          "exportUnmatched",
          "unmatchedType",
          "unmatchedHelp",
          "valueMap",
          "rules");
  private static final Set<String> RULE_KEYS =
      Set.of("match", "name", "labels", "type", "help", "scale", "drop");

  private DefinitionTree() {}

  /**
   * The definition {@code node} holds, read by hand or, when it is not plain, by {@code mapper}.
   */
  static Def read(JsonNode node, ObjectMapper mapper) throws JsonProcessingException {
    try {
      return def(node);
    } catch (NotPlain e) {
      return mapper.treeToValue(node, Def.class);
    }
  }

  static Def def(JsonNode n) {
    plainObject(n, DEF_KEYS);
    if (!n.has("id") || !n.has("query")) {
      throw NotPlain.INSTANCE;
    }
    LinkedHashMap<String, ColumnSpec> columns = null;
    if (n.has("columns")) {
      columns = new LinkedHashMap<>();
      JsonNode c = n.get("columns");
      plainObject(c, null);
      for (Map.Entry<String, JsonNode> e : c.properties()) {
        columns.put(e.getKey(), column(e.getValue()));
      }
    }
    return new Def(
        text(n, "id"),
        text(n, "help"),
        text(n, "query"),
        text(n, "ttl"),
        text(n, "timeout"),
        text(n, "cache"),
        text(n, "minVersion"),
        text(n, "maxVersion"),
        texts(n, "tags"),
        text(n, "group"),
        bool(n, "enabled"),
        text(n, "prefix"),
        columns,
        n.has("keyValue") ? keyValue(n.get("keyValue")) : null,
        text(n, "serverLabel"));
  }

  private static ColumnSpec column(JsonNode n) {
    if (n.isTextual()) {
      return ColumnSpec.ofUsage(n.textValue());
    }
    plainObject(n, COLUMN_KEYS);
    return new ColumnSpec(
        text(n, "usage"),
        text(n, "name"),
        text(n, "label"),
        text(n, "help"),
        number(n, "scale"),
        numbers(n, "valueMap"));
  }

  private static KeyValueSpec keyValue(JsonNode n) {
    plainObject(n, KEY_VALUE_KEYS);
    List<RuleSpec> rules = null;
    if (n.has("rules")) {
      JsonNode r = n.get("rules");
      if (!r.isArray()) {
        throw NotPlain.INSTANCE;
      }
      rules = new ArrayList<>();
      for (JsonNode item : r) {
        rules.add(rule(item));
      }
    }
    return new KeyValueSpec(
        text(n, "prefix"),
        text(n, "key"),
        text(n, "value"),
        text(n, "unit"),
        text(n, "helpColumn"),
        texts(n, "labels"),
        bool(n, "exportUnmatched"),
        text(n, "unmatchedType"),
        text(n, "unmatchedHelp"),
        numbers(n, "valueMap"),
        rules);
  }

  private static RuleSpec rule(JsonNode n) {
    plainObject(n, RULE_KEYS);
    if (!n.has("match")) {
      throw NotPlain.INSTANCE;
    }
    LinkedHashMap<String, String> labels = null;
    if (n.has("labels")) {
      JsonNode l = n.get("labels");
      plainObject(l, null);
      labels = new LinkedHashMap<>();
      for (Map.Entry<String, JsonNode> e : l.properties()) {
        labels.put(e.getKey(), textValue(e.getValue()));
      }
    }
    return new RuleSpec(
        text(n, "match"),
        text(n, "name"),
        labels,
        text(n, "type"),
        text(n, "help"),
        number(n, "scale"),
        bool(n, "drop"));
  }

  /** An object whose keys are all in {@code known} (any keys when null) and no value is null. */
  private static void plainObject(JsonNode n, Set<String> known) {
    if (!n.isObject()) {
      throw NotPlain.INSTANCE;
    }
    for (Map.Entry<String, JsonNode> e : n.properties()) {
      if ((known != null && !known.contains(e.getKey())) || e.getValue().isNull()) {
        throw NotPlain.INSTANCE;
      }
    }
  }

  private static String text(JsonNode n, String key) {
    JsonNode v = n.get(key);
    return v == null ? null : textValue(v);
  }

  private static String textValue(JsonNode v) {
    if (!v.isTextual()) {
      throw NotPlain.INSTANCE;
    }
    return v.textValue();
  }

  private static Boolean bool(JsonNode n, String key) {
    JsonNode v = n.get(key);
    if (v == null) {
      return null;
    }
    if (!v.isBoolean()) {
      throw NotPlain.INSTANCE;
    }
    return v.booleanValue();
  }

  private static Double number(JsonNode n, String key) {
    JsonNode v = n.get(key);
    if (v == null) {
      return null;
    }
    if (!v.isNumber()) {
      throw NotPlain.INSTANCE;
    }
    return v.doubleValue();
  }

  private static List<String> texts(JsonNode n, String key) {
    JsonNode v = n.get(key);
    if (v == null) {
      return null;
    }
    if (!v.isArray()) {
      throw NotPlain.INSTANCE;
    }
    List<String> out = new ArrayList<>();
    for (JsonNode item : v) {
      out.add(textValue(item));
    }
    return out;
  }

  private static Map<String, Double> numbers(JsonNode n, String key) {
    JsonNode v = n.get(key);
    if (v == null) {
      return null;
    }
    plainObject(v, null);
    Map<String, Double> out = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : v.properties()) {
      if (!e.getValue().isNumber()) {
        throw NotPlain.INSTANCE;
      }
      out.put(e.getKey(), e.getValue().doubleValue());
    }
    return out;
  }

  /** The tree holds something only Jackson's binding reads (or reports) right. */
  private static final class NotPlain extends RuntimeException {
    private static final long serialVersionUID = 1L;
    static final NotPlain INSTANCE = new NotPlain();

    private NotPlain() {
      super(null, null, false, false);
    }
  }
}
