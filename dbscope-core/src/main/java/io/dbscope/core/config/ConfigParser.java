package io.dbscope.core.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Reads a config file into a Jackson tree plus the lines of its keys. The format follows the
 * extension: {@code .toml}, or {@code .yaml}/{@code .yml} with the same key names. Duplicate keys
 * are syntax errors in both.
 *
 * <p>Syntax error messages keep the parser's reason and line but drop its quote of the source line,
 * which could be a password.
 */
final class ConfigParser {
  enum Format {
    TOML,
    YAML
  }

  /** A parsed file: its format, its top-level table and where its keys are. */
  record Parsed(Format format, ObjectNode root, LineIndex lines) {}

  private final TomlMapper toml = new TomlMapper();
  private final YAMLMapper yaml =
      YAMLMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

  /**
   * @throws ConfigException with one problem when the file cannot be read or parsed
   */
  Parsed parse(Path file) {
    String name = file.toString();
    Format format = formatOf(file);
    if (format == null) {
      throw single(
          name, 0, "(file)", "unknown config format; name the file *.toml, *.yaml or *.yml");
    }
    String text;
    try {
      text = RegularFiles.read(file);
    } catch (RegularFiles.Unreadable e) {
      throw single(name, 0, "(file)", e.problem());
    }
    JsonNode root;
    try {
      root = format == Format.TOML ? toml.readTree(text) : yaml.readTree(text);
    } catch (JsonProcessingException e) {
      throw syntax(name, e);
    }
    if (root == null || root.isMissingNode() || root.isNull()) {
      root = JsonNodeFactory.instance.objectNode();
    }
    if (!root.isObject()) {
      throw single(
          name,
          1,
          "(syntax)",
          "the file must hold keys (key = value), not a " + NodeKinds.describe(root));
    }
    LineIndex lines =
        format == Format.TOML ? TomlLines.index(text) : YamlLines.index(yaml.getFactory(), text);
    return new Parsed(format, (ObjectNode) root, lines);
  }

  static Format formatOf(Path file) {
    String n = file.getFileName() == null ? "" : file.getFileName().toString();
    n = n.toLowerCase(Locale.ROOT);
    if (n.endsWith(".toml")) {
      return Format.TOML;
    }
    return n.endsWith(".yaml") || n.endsWith(".yml") ? Format.YAML : null;
  }

  private static ConfigException syntax(String file, JsonProcessingException e) {
    String reason = e.getOriginalMessage();
    int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
    if (e.getCause() instanceof org.yaml.snakeyaml.error.MarkedYAMLException m) {
      reason = m.getContext() == null ? m.getProblem() : m.getContext() + ": " + m.getProblem();
      line = m.getProblemMark() == null ? line : m.getProblemMark().getLine() + 1;
    }
    // The first line only: SnakeYAML and Jackson append a quote of the source, which can be a
    // password.
    reason = reason == null ? "cannot parse" : reason.lines().findFirst().orElse("cannot parse");
    return single(file, Math.max(line, 0), "(syntax)", reason.strip());
  }

  private static ConfigException single(String file, int line, String key, String reason) {
    return new ConfigException(List.of(new ConfigProblem(file, line, key, reason)));
  }
}
