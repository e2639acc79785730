package io.dbscope.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.CBORGenerator;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A stand-in for the CloudWatch API on a free loopback port: it speaks the wire protocol the AWS
 * SDK v2 uses for CloudWatch (Smithy RPC v2 CBOR: {@code POST
 * /service/GraniteServiceVersion20100801/operation/GetMetricData}, {@code application/cbor}),
 * records every call it gets (window, queries, signature) and answers from {@code
 * standin/cloudwatch-datapoints.yaml}. It is not CloudWatch: it checks no signature and computes
 * nothing.
 */
public final class CloudWatchStandIn implements AutoCloseable {
  public static final String PATH =
      "/service/GraniteServiceVersion20100801/operation/GetMetricData";

  /** One call as received: the parsed CBOR body and the headers that matter. */
  public record Call(JsonNode body, String contentType, String authorization, String protocol) {
    public long start() {
      return body.get("StartTime").asLong();
    }

    public long end() {
      return body.get("EndTime").asLong();
    }

    public List<JsonNode> queries() {
      List<JsonNode> out = new ArrayList<>();
      body.get("MetricDataQueries").forEach(out::add);
      return out;
    }
  }

  private final HttpServer server;
  private final JsonNode datapoints;
  private final CBORMapper cbor = new CBORMapper();
  private final List<Call> calls = Collections.synchronizedList(new ArrayList<>());
  private volatile int failWith;

  public CloudWatchStandIn() throws IOException {
    try (InputStream in = getClass().getResourceAsStream("/standin/cloudwatch-datapoints.yaml")) {
      datapoints = new YAMLMapper().readTree(in);
    }
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  public List<Call> calls() {
    return List.copyOf(calls);
  }

  /** Answer every call with this HTTP status and a CBOR error body (0: answer normally). */
  public void failWith(int status) {
    failWith = status;
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      byte[] req = ex.getRequestBody().readAllBytes();
      if (!"POST".equals(ex.getRequestMethod()) || !PATH.equals(ex.getRequestURI().getPath())) {
        ex.sendResponseHeaders(404, -1);
        return;
      }
      JsonNode body = cbor.readTree(req);
      calls.add(
          new Call(
              body,
              ex.getRequestHeaders().getFirst("Content-Type"),
              ex.getRequestHeaders().getFirst("Authorization"),
              ex.getRequestHeaders().getFirst("smithy-protocol")));
      ex.getResponseHeaders().add("Content-Type", "application/cbor");
      ex.getResponseHeaders().add("smithy-protocol", "rpc-v2-cbor");
      byte[] out = failWith != 0 ? error() : answer(body);
      ex.sendResponseHeaders(failWith != 0 ? failWith : 200, out.length);
      try (OutputStream os = ex.getResponseBody()) {
        os.write(out);
      }
    }
  }

  private byte[] error() throws IOException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    try (CBORGenerator g = new CBORFactory().createGenerator(buf)) {
      g.writeStartObject();
      g.writeStringField("__type", "com.amazonaws.cloudwatch#InternalServiceFault");
      g.writeStringField("message", "stand-in told to fail");
      g.writeEndObject();
    }
    return buf.toByteArray();
  }

  /** The response: for each query, the newest datapoints at the window's last periods. */
  private byte[] answer(JsonNode body) throws IOException {
    long end = body.get("EndTime").asLong();
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    try (CBORGenerator g = new CBORFactory().createGenerator(buf)) {
      g.writeStartObject();
      g.writeArrayFieldStart("MetricDataResults");
      for (JsonNode q : body.get("MetricDataQueries")) {
        JsonNode stat = q.get("MetricStat");
        JsonNode metric = stat.get("Metric");
        long period = stat.get("Period").asLong();
        JsonNode values =
            datapoints
                .path(metric.get("Namespace").asText())
                .path(metric.get("MetricName").asText() + "/" + stat.get("Stat").asText());
        g.writeStartObject();
        g.writeStringField("Id", q.get("Id").asText());
        g.writeStringField("Label", metric.get("MetricName").asText());
        g.writeArrayFieldStart("Timestamps");
        for (int i = 0; i < values.size(); i++) {
          g.writeTag(1); // CBOR epoch-seconds timestamp, as RPC v2 CBOR writes them
          g.writeNumber(end - (i + 1) * period);
        }
        g.writeEndArray();
        g.writeArrayFieldStart("Values");
        for (JsonNode v : values) {
          g.writeNumber(v.asDouble());
        }
        g.writeEndArray();
        g.writeStringField("StatusCode", "Complete");
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeArrayFieldStart("Messages");
      g.writeEndArray();
      g.writeEndObject();
    }
    return buf.toByteArray();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
