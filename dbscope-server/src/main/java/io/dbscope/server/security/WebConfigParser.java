package io.dbscope.server.security;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.dbscope.core.config.RegularFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a {@code web-config.yml} strictly, as the toolkit's {@code yaml.UnmarshalStrict} does: an
 * unknown key, a value of the wrong kind, an unknown cipher, curve, version or client auth type, or
 * a user whose password is not a bcrypt hash is an error naming the file, the line and the key.
 * Tree checks live here; the TLS part is read by {@link TlsSection}.
 */
final class WebConfigParser {
  private static final Set<String> TOP_KEYS =
      Set.of(
          "tls_server_config",
          "http_server_config",
          "basic_auth_users",
          "rate_limit",
          "basic_auth_excluded_paths",
          "auth_excluded_paths",
          "ip_socket_config");
  private static final Set<String> HTTP_KEYS = Set.of("http2", "headers");
  private static final Set<String> RATE_KEYS = Set.of("interval", "burst");
  private static final Set<String> SOCKET_KEYS = Set.of("ipv4_ttl", "ipv6_hop_limit", "dscp");

  /** The headers the toolkit lets a user set, with the only values allowed where it restricts. */
  private static final Map<String, List<String>> HEADERS =
      Map.of(
          "Strict-Transport-Security", List.of(),
          "X-Content-Type-Options", List.of("nosniff"),
          "X-Frame-Options", List.of("deny", "sameorigin"),
          "X-XSS-Protection", List.of(),
          "Content-Security-Policy", List.of());

  private static final Pattern BCRYPT = Pattern.compile("\\$2[aby]\\$(\\d\\d)\\$[./A-Za-z0-9]{53}");

  private final Path file;
  private final List<String> notes = new ArrayList<>();
  private Map<String, Integer> lines = Map.of();

  WebConfigParser(Path file) {
    this.file = file.toAbsolutePath().normalize();
  }

  WebConfig parse() throws WebConfigException {
    String text;
    try {
      text = RegularFiles.read(file);
    } catch (RegularFiles.Unreadable e) {
      String why = e.getMessage().equals("no such file") ? "file not found" : e.problem();
      throw new WebConfigException("web config " + file + ": " + why);
    }
    return parse(text);
  }

  WebConfig parse(String text) throws WebConfigException {
    JsonNode root = readTree(text);
    lines = keyLines(text);
    if (root == null || root.isNull() || root.isMissingNode()) {
      root = new ObjectMapper().createObjectNode();
    }
    Node top = new Node(this, "", root);
    top.requireObject();
    top.checkKeys(TOP_KEYS);
    Optional<WebConfig.Tls> tls = new TlsSection(this, top.child("tls_server_config")).read();
    Map<String, String> headers = http(top.child("http_server_config"));
    Map<String, String> users = users(top.child("basic_auth_users"));
    List<String> excluded = new ArrayList<>(top.child("basic_auth_excluded_paths").strings());
    excluded.addAll(top.child("auth_excluded_paths").strings());
    Optional<WebConfig.RateLimit> rate = rateLimit(top.child("rate_limit"));
    socket(top.child("ip_socket_config"));
    return new WebConfig(Optional.of(file), tls, headers, users, excluded, rate, notes);
  }

  /** Relative names resolve against the web config's directory, as in the toolkit. */
  Path resolve(String name) {
    Path p = Path.of(name);
    Path dir = file.getParent();
    return p.isAbsolute() || dir == null ? p : dir.resolve(p).normalize();
  }

  void note(String line) {
    notes.add("web config " + file + ": " + line);
  }

  /** One line: {@code web config FILE line N: key.path: reason}. */
  WebConfigException error(String pointer, String reason) {
    Integer line = lines.get(pointer);
    String where = line == null ? "" : " line " + line;
    String key = Node.display(pointer);
    return new WebConfigException(
        "web config " + file + where + ": " + (key.isEmpty() ? "" : key + ": ") + reason);
  }

  private Map<String, String> http(Node http) throws WebConfigException {
    if (http.absent()) {
      return Map.of();
    }
    http.requireObject();
    http.checkKeys(HTTP_KEYS);
    Node http2 = http.child("http2");
    if (!http2.absent()) {
      http2.bool(true);
      note("http_server_config.http2 is accepted and ignored: dbscope answers HTTP/1.1");
    }
    Map<String, String> headers = new LinkedHashMap<>();
    for (Map.Entry<String, Node> e : http.child("headers").entries()) {
      List<String> allowed = HEADERS.get(e.getKey());
      if (allowed == null) {
        throw error(
            e.getValue().pointer(),
            "HTTP header \""
                + e.getKey()
                + "\" can not be configured"
                + " (allowed: "
                + String.join(", ", HEADERS.keySet().stream().sorted().toList())
                + ")");
      }
      String value = e.getValue().text().orElse("");
      if (value.isEmpty()) {
        continue;
      }
      if (!allowed.isEmpty() && !allowed.contains(value)) {
        throw error(
            e.getValue().pointer(), "expected one of " + allowed + ", got \"" + value + "\"");
      }
      headers.put(e.getKey(), value);
    }
    return headers;
  }

  private Map<String, String> users(Node node) throws WebConfigException {
    Map<String, String> users = new LinkedHashMap<>();
    for (Map.Entry<String, Node> e : node.entries()) {
      // The hash is never quoted: it is as good as a password to an offline attacker.
      String hash = e.getValue().text().orElse("");
      var m = BCRYPT.matcher(hash);
      if (!m.matches()) {
        throw error(
            e.getValue().pointer(),
            "not a bcrypt hash ($2a$, $2b$ or $2y$, 60 characters);"
                + " make one with: htpasswd -nBC 10 \"\" | tr -d ':\\n'");
      }
      int cost = Integer.parseInt(m.group(1));
      if (cost < 4 || cost > 31) {
        throw error(e.getValue().pointer(), "bcrypt cost " + cost + " is outside 4..31");
      }
      users.put(e.getKey(), hash);
    }
    return users;
  }

  private Optional<WebConfig.RateLimit> rateLimit(Node node) throws WebConfigException {
    if (node.absent()) {
      return Optional.empty();
    }
    node.requireObject();
    node.checkKeys(RATE_KEYS);
    Node interval = node.child("interval");
    var every = interval.absent() ? java.time.Duration.ZERO : GoDuration.parse(interval, this);
    int burst = node.child("burst").integer(0, 0, Integer.MAX_VALUE);
    if (every.isZero()) {
      return Optional.empty();
    }
    return Optional.of(new WebConfig.RateLimit(every, burst));
  }

  private void socket(Node node) throws WebConfigException {
    if (node.absent()) {
      return;
    }
    node.requireObject();
    node.checkKeys(SOCKET_KEYS);
    node.child("ipv4_ttl").integer(0, 0, 255);
    node.child("ipv6_hop_limit").integer(0, 0, 255);
    node.child("dscp").integer(0, 0, 63);
    note(
        "ip_socket_config is accepted and ignored: dbscope's HTTP server does not set TTL or DSCP");
  }

  private JsonNode readTree(String text) throws WebConfigException {
    try {
      ObjectMapper mapper = new ObjectMapper(new YAMLFactory());
      mapper.enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
      return mapper.readTree(text);
    } catch (JsonProcessingException e) {
      var loc = e.getLocation();
      String at = loc == null ? "" : " line " + loc.getLineNr();
      String why = e.getOriginalMessage().lines().findFirst().orElse("malformed").trim();
      throw new WebConfigException("web config " + file + at + ": not valid YAML: " + why);
    }
  }

  /** JSON pointer of every key to its line, for messages. */
  private static Map<String, Integer> keyLines(String text) {
    Map<String, Integer> out = new HashMap<>();
    YAMLFactory f =
        YAMLFactory.builder().enable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION).build();
    try (JsonParser p = f.createParser(text)) {
      for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
        if (t == JsonToken.FIELD_NAME) {
          out.putIfAbsent(
              p.getParsingContext().pathAsPointer().toString(),
              p.currentTokenLocation().getLineNr());
        }
      }
    } catch (IOException e) {
      // readTree has already reported malformed YAML.
    }
    return out;
  }

  static String closest(String word, Set<String> candidates) {
    String best = null;
    int bestDistance = 3;
    for (String c : candidates) {
      int d = distance(word.toLowerCase(Locale.ROOT), c);
      if (d < bestDistance) {
        best = c;
        bestDistance = d;
      }
    }
    return best;
  }

  private static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
