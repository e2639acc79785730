package io.dbscope.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A stand-in for the Resource Groups Tagging API on a free loopback port, speaking its wire
 * protocol (awsJson1_1: {@code POST /}, {@code X-Amz-Target:
 * ResourceGroupsTaggingAPI_20170126.GetResources}, {@code application/x-amz-json-1.1}). It keeps
 * resources (ARN and tags) that a test sets and changes, applies the request's {@code TagFilters}
 * and {@code ResourceTypeFilters} as the API documents them (all filters must match; a filter
 * without values matches any value), answers in pages of {@code pageSize} with a {@code
 * PaginationToken}, and records every call. It is not AWS: it checks no signature.
 */
public final class TaggingStandIn implements AutoCloseable {
  public static final String TARGET = "ResourceGroupsTaggingAPI_20170126.GetResources";

  /** One call as received: the parsed JSON body and the headers that matter. */
  public record Call(JsonNode body, String target, String contentType, String authorization) {}

  private final HttpServer server;
  private final ObjectMapper json = new ObjectMapper();
  private final Map<String, Map<String, String>> resources =
      Collections.synchronizedMap(new LinkedHashMap<>());
  private final List<Call> calls = Collections.synchronizedList(new ArrayList<>());
  private final int pageSize;
  private volatile int failWith;

  public TaggingStandIn(int pageSize) throws IOException {
    this.pageSize = pageSize;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** Sets (replaces) the tags of a resource; an empty map leaves it untagged. */
  public void tag(String arn, Map<String, String> tags) {
    resources.put(arn, Map.copyOf(tags));
  }

  public List<Call> calls() {
    return List.copyOf(calls);
  }

  /** Answer every call with this HTTP status and a JSON error body (0: answer normally). */
  public void failWith(int status) {
    failWith = status;
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      byte[] req = ex.getRequestBody().readAllBytes();
      String target = ex.getRequestHeaders().getFirst("X-Amz-Target");
      if (!"POST".equals(ex.getRequestMethod())
          || !"/".equals(ex.getRequestURI().getPath())
          || !TARGET.equals(target)) {
        ex.sendResponseHeaders(404, -1);
        return;
      }
      JsonNode body = json.readTree(req);
      calls.add(
          new Call(
              body,
              target,
              ex.getRequestHeaders().getFirst("Content-Type"),
              ex.getRequestHeaders().getFirst("Authorization")));
      ObjectNode answer = json.createObjectNode();
      int status = failWith;
      if (status != 0) {
        answer.put("__type", "com.amazonaws.resourcegroupstaggingapi#InternalServiceException");
        answer.put("message", "stand-in told to fail");
      } else {
        status = 200;
        answer(body, answer);
      }
      byte[] out = json.writeValueAsBytes(answer);
      ex.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
      ex.sendResponseHeaders(status, out.length);
      try (OutputStream os = ex.getResponseBody()) {
        os.write(out);
      }
    }
  }

  private void answer(JsonNode body, ObjectNode answer) {
    List<Map.Entry<String, Map<String, String>>> matches = new ArrayList<>();
    synchronized (resources) {
      for (Map.Entry<String, Map<String, String>> r : resources.entrySet()) {
        if (typeMatches(body.path("ResourceTypeFilters"), r.getKey())
            && tagsMatch(body.path("TagFilters"), r.getValue())) {
          matches.add(r);
        }
      }
    }
    int from =
        body.path("PaginationToken").asText("").isEmpty()
            ? 0
            : Integer.parseInt(body.get("PaginationToken").asText().substring("page-".length()));
    int to = Math.min(matches.size(), from + pageSize);
    ArrayNode list = answer.putArray("ResourceTagMappingList");
    for (Map.Entry<String, Map<String, String>> r : matches.subList(from, to)) {
      ObjectNode m = list.addObject().put("ResourceARN", r.getKey());
      ArrayNode tags = m.putArray("Tags");
      r.getValue().forEach((k, v) -> tags.addObject().put("Key", k).put("Value", v));
    }
    // The API's last page carries an empty token.
    answer.put("PaginationToken", to < matches.size() ? "page-" + to : "");
  }

  /** {@code rds:db} matches {@code arn:aws:rds:<region>:<account>:db:<id>}. */
  private static boolean typeMatches(JsonNode filters, String arn) {
    if (filters.isEmpty()) {
      return true;
    }
    String[] p = arn.split(":", 7);
    for (JsonNode f : filters) {
      String[] t = f.asText().split(":", 2);
      if (p[2].equals(t[0]) && (t.length == 1 || p[5].equals(t[1]))) {
        return true;
      }
    }
    return false;
  }

  private static boolean tagsMatch(JsonNode filters, Map<String, String> tags) {
    for (JsonNode f : filters) {
      String value = tags.get(f.path("Key").asText());
      if (value == null) {
        return false;
      }
      JsonNode values = f.path("Values");
      if (!values.isEmpty()) {
        boolean any = false;
        for (JsonNode v : values) {
          any |= v.asText().equals(value);
        }
        if (!any) {
          return false;
        }
      }
    }
    return true;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
