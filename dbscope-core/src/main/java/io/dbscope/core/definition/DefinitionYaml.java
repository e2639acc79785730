package io.dbscope.core.definition;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The YAML shape of a definition file, bound strictly (unknown keys are errors). */
final class DefinitionYaml {
  private DefinitionYaml() {}

  record Def(
      @JsonProperty(value = "id", required = true) String id,
      @JsonProperty("help") String help,
      @JsonProperty(value = "query", required = true) String query,
      @JsonProperty("ttl") String ttl,
      @JsonProperty("timeout") String timeout,
      @JsonProperty("cache") String cache,
      @JsonProperty("minVersion") String minVersion,
      @JsonProperty("maxVersion") String maxVersion,
      @JsonProperty("tags") List<String> tags,
      @JsonProperty("group") String group,
      @JsonProperty("enabled") Boolean enabled,
      @JsonProperty("prefix") String prefix,
      @JsonProperty("columns") LinkedHashMap<String, ColumnSpec> columns,
      @JsonProperty("keyValue") KeyValueSpec keyValue,
      @JsonProperty("serverLabel") String serverLabel) {}

  record ColumnSpec(
      @JsonProperty("usage") String usage,
      @JsonProperty("name") String name,
      @JsonProperty("label") String label,
      @JsonProperty("help") String help,
      @JsonProperty("scale") Double scale,
      @JsonProperty("valueMap") Map<String, Double> valueMap) {

    /** {@code datname: label} is short for {@code datname: {usage: label}}. */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static ColumnSpec ofUsage(String usage) {
      return new ColumnSpec(usage, null, null, null, null, null);
    }

    @JsonCreator(mode = JsonCreator.Mode.PROPERTIES)
    ColumnSpec {}
  }

  record KeyValueSpec(
      @JsonProperty("prefix") String prefix,
      @JsonProperty("key") String key,
      @JsonProperty("value") String value,
      @JsonProperty("unit") String unit,
      @JsonProperty("helpColumn") String helpColumn,
      @JsonProperty("labels") List<String> labels,
      @JsonProperty("exportUnmatched") Boolean exportUnmatched,
      @JsonProperty("unmatchedType") String unmatchedType,
      @JsonProperty("unmatchedHelp") String unmatchedHelp,
      @JsonProperty("valueMap") Map<String, Double> valueMap,
      @JsonProperty("rules") List<RuleSpec> rules) {}

  record RuleSpec(
      @JsonProperty(value = "match", required = true) String match,
      @JsonProperty("name") String name,
      @JsonProperty("labels") LinkedHashMap<String, String> labels,
      @JsonProperty("type") String type,
      @JsonProperty("help") String help,
      @JsonProperty("scale") Double scale,
      @JsonProperty("drop") Boolean drop) {}
}
