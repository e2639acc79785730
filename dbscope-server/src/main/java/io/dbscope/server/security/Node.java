package io.dbscope.server.security;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One value of the web config tree and its JSON pointer, with strict typed getters. An absent key
 * and an explicit null ({@code key:} with nothing after it) read alike, as Go's zero value. Scalars
 * read as text whatever YAML type they resolved to, as yaml.v2 does for string fields.
 */
final class Node {
  private final WebConfigParser parser;
  private final String pointer;
  private final JsonNode value;

  Node(WebConfigParser parser, String pointer, JsonNode value) {
    this.parser = parser;
    this.pointer = pointer;
    this.value = value;
  }

  String pointer() {
    return pointer;
  }

  boolean absent() {
    return value == null || value.isNull() || value.isMissingNode();
  }

  Node child(String name) {
    JsonNode v = absent() || !value.isObject() ? null : value.get(name);
    return new Node(parser, pointer + "/" + name.replace("~", "~0").replace("/", "~1"), v);
  }

  void requireObject() throws WebConfigException {
    if (!absent() && !value.isObject()) {
      throw parser.error(pointer, "expected a map of keys, got " + kind());
    }
  }

  /** Unknown keys are errors, as with yaml.UnmarshalStrict; a near miss is suggested. */
  void checkKeys(Set<String> known) throws WebConfigException {
    if (absent()) {
      return;
    }
    for (var it = value.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      if (!known.contains(k)) {
        String near = WebConfigParser.closest(k, known);
        throw parser.error(
            child(k).pointer,
            "unknown key" + (near == null ? "" : " (did you mean " + near + "?)"));
      }
    }
  }

  List<Map.Entry<String, Node>> entries() throws WebConfigException {
    if (absent()) {
      return List.of();
    }
    requireObject();
    List<Map.Entry<String, Node>> out = new ArrayList<>();
    for (var it = value.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      out.add(Map.entry(k, child(k)));
    }
    return out;
  }

  Optional<String> text() throws WebConfigException {
    if (absent()) {
      return Optional.empty();
    }
    if (!value.isValueNode()) {
      throw parser.error(pointer, "expected a single value, got " + kind());
    }
    String s = value.asText();
    return s.isEmpty() ? Optional.empty() : Optional.of(s);
  }

  boolean bool(boolean dflt) throws WebConfigException {
    if (absent()) {
      return dflt;
    }
    if (value.isBoolean()) {
      return value.booleanValue();
    }
    return switch (text().orElse("").toLowerCase(Locale.ROOT)) {
      case "true", "yes", "on" -> true;
      case "false", "no", "off" -> false;
      default -> throw parser.error(pointer, "expected true or false");
    };
  }

  int integer(int dflt, int min, int max) throws WebConfigException {
    if (absent()) {
      return dflt;
    }
    long v;
    try {
      v =
          value.canConvertToLong() && value.isIntegralNumber()
              ? value.longValue()
              : Long.parseLong(text().orElse(""));
    } catch (NumberFormatException e) {
      throw parser.error(pointer, "expected a whole number");
    }
    if (v < min || v > max) {
      throw parser.error(pointer, v + " is outside " + min + ".." + max);
    }
    return (int) v;
  }

  /** A list of single values; a lone value is not taken for a list of one. */
  List<String> strings() throws WebConfigException {
    if (absent()) {
      return List.of();
    }
    if (!value.isArray()) {
      throw parser.error(pointer, "expected a list, got " + kind());
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < value.size(); i++) {
      JsonNode e = value.get(i);
      if (!e.isValueNode() || e.isNull()) {
        throw parser.error(pointer, "item " + (i + 1) + " is not a single value");
      }
      out.add(e.asText());
    }
    return out;
  }

  private String kind() {
    if (value.isObject()) {
      return "a map";
    }
    return value.isArray() ? "a list" : "\"" + value.asText() + "\"";
  }

  /** {@code /tls_server_config/cert_file} as {@code tls_server_config.cert_file}. */
  static String display(String pointer) {
    if (pointer.isEmpty()) {
      return "";
    }
    List<String> parts = new ArrayList<>();
    for (String p : pointer.substring(1).split("/", -1)) {
      parts.add(p.replace("~1", "/").replace("~0", "~"));
    }
    return String.join(".", parts);
  }
}
