package io.dbscope.engine.app;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dbscope.core.engine.ClientStatements.Figures;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads the JSON of dbscope-jdbc's {@code StatementsHandler}: {@code
 * {"datasources":[{"name":..,"statements":[{"fingerprint":..,"calls":..,"total_seconds":..}]}]}}.
 * The {@code fingerprint} is {@code SqlFingerprint.id}, the join key with the server's {@code
 * text_fingerprint}; the library's {@code overflow} row (statements past its bound) has none to
 * join and is left out.
 */
final class AppStatementsJson {
  private static final ObjectMapper JSON = new ObjectMapper();

  private AppStatementsJson() {}

  /**
   * @param datasource the application's datasource to read, or empty for all (summed)
   * @throws IOException when the body is not that JSON
   */
  static Map<String, Figures> parse(byte[] body, String datasource) throws IOException {
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (JsonProcessingException e) {
      throw new IOException("the answer is not JSON: " + e.getOriginalMessage(), e);
    }
    JsonNode sources = root == null ? null : root.get("datasources");
    if (sources == null || !sources.isArray()) {
      throw new IOException(
          "the answer has no \"datasources\" list (is url the application's statements"
              + " endpoint?)");
    }
    Map<String, Figures> out = new HashMap<>();
    for (JsonNode ds : sources) {
      if (!datasource.isEmpty() && !datasource.equals(ds.path("name").asText())) {
        continue;
      }
      for (JsonNode s : ds.path("statements")) {
        String fp = s.path("fingerprint").asText("");
        if (fp.isEmpty() || fp.equals("overflow")) {
          continue;
        }
        Figures f =
            new Figures(
                s.path("calls").asLong(),
                s.path("total_seconds").asDouble(),
                s.path("max_seconds").asDouble(),
                s.path("errors").asLong(),
                s.path("rows").asLong());
        out.merge(fp, f, Figures::plus);
      }
    }
    return Map.copyOf(out);
  }
}
