package io.dbscope.core.config;

import com.fasterxml.jackson.databind.JsonNode;

/** Names of value kinds in the words of the config formats, for "expected X, got Y" messages. */
final class NodeKinds {
  private NodeKinds() {}

  static String describe(JsonNode n) {
    if (n.isTextual()) {
      return "string";
    }
    if (n.isIntegralNumber()) {
      return "integer";
    }
    if (n.isNumber()) {
      return "number";
    }
    if (n.isBoolean()) {
      return "boolean";
    }
    if (n.isArray()) {
      return "list";
    }
    if (n.isObject()) {
      return "table";
    }
    return n.isNull() ? "null" : "value";
  }
}
