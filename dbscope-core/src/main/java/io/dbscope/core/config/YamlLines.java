package io.dbscope.core.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Finds the lines of keys in YAML text from the parser's token locations: the first token seen at
 * each JSON pointer gives its line ({@code /datasource/0} is the entry's first key).
 */
final class YamlLines {
  private YamlLines() {}

  /** Lines of a text that already parsed once; a second parse cannot fail differently. */
  static LineIndex index(YAMLFactory factory, String text) {
    Map<String, Integer> lines = new HashMap<>();
    try (JsonParser p = factory.createParser(text)) {
      while (p.nextToken() != null) {
        if (p.currentToken() == JsonToken.END_OBJECT || p.currentToken() == JsonToken.END_ARRAY) {
          continue;
        }
        String pointer = p.getParsingContext().pathAsPointer().toString();
        lines.putIfAbsent(pointer, p.currentTokenLocation().getLineNr());
      }
    } catch (IOException e) {
      // Lines are a convenience: a problem without one still names file and key.
    }
    return new LineIndex(lines);
  }
}
