package io.dbscope.engine.cloudwatch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;

/**
 * The one call of the Resource Groups Tagging API that selection by tags needs: {@code
 * GetResources}, in its awsJson1_1 protocol ({@code POST /}, {@code X-Amz-Target:
 * ResourceGroupsTaggingAPI_20170126.GetResources}), signed with the SDK's SigV4 signer and sent
 * with the SDK's HTTP client. Written here because the SDK's {@code resourcegroupstaggingapi}
 * module does not resolve from the Maven repository this project builds with; the request and
 * answer are the documented ones (docs/cloudwatch.md says what was tested).
 */
final class TaggingClient {
  static final String TARGET = "ResourceGroupsTaggingAPI_20170126.GetResources";
  static final List<String> RESOURCE_TYPES =
      List.of("rds:db", "rds:cluster", "elasticache:cluster");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_PAGES = 1000;

  /** A tag filter: resources with this key, and this value when one is given. */
  record TagFilter(String key, Optional<String> value) {}

  private final SdkHttpClient http;
  private final AwsCredentialsProvider credentials;
  private final String region;
  private final URI endpoint;

  TaggingClient(
      SdkHttpClient http, AwsCredentialsProvider credentials, String region, Optional<URI> url) {
    this.http = http;
    this.credentials = credentials;
    this.region = region;
    this.endpoint = url.orElse(URI.create("https://tagging." + region + ".amazonaws.com"));
  }

  /**
   * The identifiers of every RDS instance, RDS cluster and ElastiCache node carrying all the tags,
   * by CloudWatch dimension, following every page; each HTTP call made is counted in {@code calls}.
   */
  Map<String, Set<String>> identifiers(List<TagFilter> filters, AtomicLong calls) {
    Map<String, Set<String>> out = new LinkedHashMap<>();
    String token = "";
    int pages = 0;
    do {
      if (++pages > MAX_PAGES) {
        // A token that never ends (a faulty endpoint) must not hold the poll forever.
        throw new IllegalStateException("GetResources returned more than " + MAX_PAGES + " pages");
      }
      calls.incrementAndGet();
      JsonNode answer = call(request(filters, token));
      for (JsonNode mapping : answer.path("ResourceTagMappingList")) {
        dimensionOf(mapping.path("ResourceARN").asText())
            .ifPresent(
                e -> out.computeIfAbsent(e.getKey(), k -> new LinkedHashSet<>()).add(e.getValue()));
      }
      token = answer.path("PaginationToken").asText("");
    } while (!token.isEmpty());
    return out;
  }

  private static byte[] request(List<TagFilter> filters, String token) {
    ObjectNode body = JSON.createObjectNode();
    ArrayNode tags = body.putArray("TagFilters");
    for (TagFilter f : filters) {
      ObjectNode t = tags.addObject().put("Key", f.key());
      f.value().ifPresent(v -> t.putArray("Values").add(v));
    }
    ArrayNode types = body.putArray("ResourceTypeFilters");
    RESOURCE_TYPES.forEach(types::add);
    if (!token.isEmpty()) {
      body.put("PaginationToken", token);
    }
    try {
      return JSON.writeValueAsBytes(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private JsonNode call(byte[] body) {
    SdkHttpRequest unsigned =
        SdkHttpRequest.builder()
            .method(SdkHttpMethod.POST)
            .uri(endpoint.resolve("/"))
            .putHeader("Content-Type", "application/x-amz-json-1.1")
            .putHeader("X-Amz-Target", TARGET)
            .build();
    SignedRequest signed =
        AwsV4HttpSigner.create()
            .sign(
                r ->
                    r.identity(credentials.resolveCredentials())
                        .request(unsigned)
                        .payload(ContentStreamProvider.fromByteArray(body))
                        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "tagging")
                        .putProperty(AwsV4HttpSigner.REGION_NAME, region));
    try {
      HttpExecuteResponse resp =
          http.prepareRequest(
                  HttpExecuteRequest.builder()
                      .request(signed.request())
                      .contentStreamProvider(signed.payload().orElse(null))
                      .build())
              .call();
      byte[] bytes;
      try (InputStream in = resp.responseBody().map(InputStream.class::cast).orElse(null)) {
        bytes = in == null ? new byte[0] : in.readAllBytes();
      }
      JsonNode answer = bytes.length == 0 ? JSON.createObjectNode() : JSON.readTree(bytes);
      int status = resp.httpResponse().statusCode();
      if (status != 200) {
        // awsJson1_1 errors: {"__type": "...#ThrottledException", "message": "..."}
        String type = answer.path("__type").asText("");
        throw new IllegalStateException(
            "GetResources answered HTTP "
                + status
                + (type.isEmpty() ? "" : " " + type.substring(type.indexOf('#') + 1))
                + (answer.has("message") ? ": " + answer.get("message").asText() : ""));
      }
      return answer;
    } catch (IOException e) {
      throw new UncheckedIOException("GetResources failed: " + e.getMessage(), e);
    }
  }

  /**
   * The CloudWatch dimension and identifier of an ARN: {@code arn:aws:rds:<region>:<account>:db:x}
   * is {@code DBInstanceIdentifier} x, {@code …:rds:…:cluster:x} {@code DBClusterIdentifier} x,
   * {@code …:elasticache:…:cluster:x} {@code CacheClusterId} x; anything else is ignored.
   */
  static Optional<Map.Entry<String, String>> dimensionOf(String arn) {
    String[] p = arn.split(":", 7);
    if (p.length < 7 || !"arn".equals(p[0]) || p[6].isEmpty()) {
      return Optional.empty();
    }
    String dimension =
        switch (p[2] + ":" + p[5]) {
          case "rds:db" -> Dimensions.DB_INSTANCE;
          case "rds:cluster" -> Dimensions.DB_CLUSTER;
          case "elasticache:cluster" -> Dimensions.CACHE_CLUSTER;
          default -> null;
        };
    return dimension == null ? Optional.empty() : Optional.of(Map.entry(dimension, p[6]));
  }
}
