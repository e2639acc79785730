package io.dbscope.server.http;

import java.util.Map;

/** What a JSON endpoint answers, written by {@link JsonAnswers} in one shape for all of them. */
sealed interface JsonAnswer {
  /** 200 with {@code {"status":"success", ...fields}}. */
  record Success(Map<String, Object> fields) implements JsonAnswer {}

  /** 200 with {@code {"status":"success", ...the record's fields in snake_case}}. */
  record Fields(Object body) implements JsonAnswer {}

  /**
   * 200 with {@code body} as the whole answer, for a format another tool defines (Prometheus'
   * http_sd wants a bare list); its errors still take the one shape of {@link Error}.
   */
  record Document(Object body) implements JsonAnswer {}

  /**
   * {@code httpStatus} with {@code {"status":"error","error":message,"message":message}} (the first
   * as Prometheus' API answers, the second as API v1 documents it).
   */
  record Error(int httpStatus, String message) implements JsonAnswer {}

  static JsonAnswer success(Map<String, Object> fields) {
    return new Success(fields);
  }

  static JsonAnswer fields(Object record) {
    return new Fields(record);
  }

  static JsonAnswer document(Object body) {
    return new Document(body);
  }

  static JsonAnswer error(int httpStatus, String message) {
    return new Error(httpStatus, message);
  }
}
