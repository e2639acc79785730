package io.dbscope.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where JSON endpoints' answers are written: {@code {"status":"success", ...}} with
 * 200, or {@code {"status":"error","error":"..."}} with the error's HTTP status, as Prometheus' own
 * HTTP API answers; or, for a format another tool defines, a bare {@link JsonAnswer.Document} with
 * 200 and the same error shape. An endpoint that fails unexpectedly answers a JSON 500 too, not a
 * text one.
 *
 * <pre>{@code
 * router.route(pattern, Methods.READ, jsonAnswers.route(r -> JsonAnswer.error(404, "no such")));
 * }</pre>
 */
final class JsonAnswers {
  private static final Logger log = LoggerFactory.getLogger(JsonAnswers.class);
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

  // Snake case for records (API v1); fields named with @JsonProperty and map keys stay as written.
  private final ObjectMapper json =
      new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

  /** Computes a JSON endpoint's answer. */
  @FunctionalInterface
  interface Endpoint {
    JsonAnswer answer(Request request) throws IOException;
  }

  /** A route's handler that writes what {@code endpoint} answers. */
  Handler route(Endpoint endpoint) {
    return request -> {
      JsonAnswer answer;
      try {
        answer = endpoint.answer(request);
      } catch (ApiV1.BadParameter e) {
        answer = JsonAnswer.error(400, e.getMessage());
      } catch (RuntimeException e) {
        log.error("unexpected error answering {}: {}", request.path(), e.toString());
        answer = JsonAnswer.error(500, "internal error answering this request; see dbscope's log");
      }
      write(request, answer);
    };
  }

  private void write(Request request, JsonAnswer answer) throws IOException {
    Map<String, Object> fields = new LinkedHashMap<>();
    Object body = fields;
    int status;
    switch (answer) {
      case JsonAnswer.Success s -> {
        status = 200;
        fields.put("status", "success");
        fields.putAll(s.fields());
      }
      case JsonAnswer.Fields f -> {
        status = 200;
        fields.put("status", "success");
        fields.putAll(json.convertValue(f.body(), MAP));
      }
      case JsonAnswer.Document d -> {
        status = 200;
        body = d.body();
      }
      case JsonAnswer.Error e -> {
        status = e.httpStatus();
        fields.put("status", "error");
        fields.put("error", e.message());
        fields.put("message", e.message());
      }
    }
    byte[] bytes;
    try {
      bytes = json.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      log.error("cannot write the JSON answer to {}: {}", request.path(), e.toString());
      status = 500;
      bytes =
          json.writeValueAsBytes(
              Map.of(
                  "status",
                  "error",
                  "error",
                  "cannot write the answer; see dbscope's log",
                  "message",
                  "cannot write the answer; see dbscope's log"));
    }
    request.send(status, "application/json", bytes);
  }
}
