package io.dbscope.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.dbscope.core.engine.Engine;
import io.dbscope.core.engine.EngineCatalog;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Binds one {@code [[datasource]]} entry (or the legacy top-level form) to a {@link
 * DatasourceConfig}. Only keys that are written are set on the {@link DatasourceBuilder}, so its
 * defaults are the defaults. After building, the engine's own {@link Engine#validate} problems are
 * added.
 */
final class DatasourceBinder {
  static final Pattern NAME = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N}._:-]*");
  private static final Pattern URL_PASSWORD =
      Pattern.compile("//[^/@:]*:[^/@]+@|[?&;](password|pwd)=[^&;]", Pattern.CASE_INSENSITIVE);
  private static final String PLAIN_PASSWORD =
      "the password is written in plain text; prefer dbPwdFile or ${ENV_VAR}"
          + " (ENC() is only obfuscation, see docs/configuration.md)";

  private final EngineCatalog engines;
  private final DatasourceRows rows;
  private final FileKeys files;

  DatasourceBinder(EngineCatalog engines, Path baseDir) {
    this.engines = engines;
    this.rows = new DatasourceRows(engines);
    this.files = new FileKeys(baseDir);
  }

  /**
   * The engine's own keys as written, read by their rows; a key that only other engines take is
   * warned about and ignored, so that one config can be moved between engines.
   */
  private EngineOptions options(Section s, Engine e) {
    EngineOptions options =
        OptionReader.read(
            s.withKeys(name -> rows.find(Optional.of(e), name)), e.optionTables(), files);
    s.node()
        .fieldNames()
        .forEachRemaining(
            k -> {
              List<String> others = rows.enginesWith(k);
              if (!others.isEmpty() && !others.contains(e.id())) {
                s.warn(
                    k,
                    "ignored: only engine"
                        + (others.size() > 1 ? "s " : " ")
                        + String.join(", ", others)
                        + " take"
                        + (others.size() > 1 ? "" : "s")
                        + " this key, this datasource's engine is "
                        + e.id());
              }
            });
    return options;
  }

  /**
   * @param fixedName the legacy form's name ({@code default}) when it writes no {@code name}
   */
  Optional<DatasourceConfig> bind(Section s, Optional<String> fixedName) {
    int before = s.problemCount();
    Optional<String> name = name(s, fixedName);
    Optional<String> written =
        s.has("engine") ? s.string("engine").map(String::strip) : Optional.empty();
    Optional<Engine> engine = engine(s, written);
    DatasourceBuilder b =
        DatasourceConfig.builder(name.orElse("?"), engine.map(Engine::id).orElse("?"));
    written.ifPresent(b::engineAlias);
    s.string("description").ifPresent(b::description);
    s.bool("enabled").ifPresent(b::enabled);
    Optional<Section.Text> url = s.text("url").filter(u -> !u.value().isBlank());
    address(s, b, engine, url);
    s.string("dbUser").ifPresent(b::user);
    password(s, b, url);
    s.duration("connectTimeout").ifPresent(b::connectTimeout);
    s.duration("queryTimeout").ifPresent(b::queryTimeout);
    pool(s, b);
    s.duration("healthCheckInterval").ifPresent(b::healthCheckInterval);
    s.integer("priority").map(Priority::ofLevel).ifPresent(b::priority);
    labels(s)
        .ifPresent(
            l -> {
              l.keySet().forEach(n -> TargetLabels.clash(n).ifPresent(w -> s.warn("labels", w)));
              b.labels(l);
            });
    s.strings("collectors").ifPresent(c -> b.collectors(collectorIds(s, "collectors", c, engine)));
    s.strings("excludeCollectors")
        .ifPresent(c -> b.excludeCollectors(collectorIds(s, "excludeCollectors", c, engine)));
    s.strings("optionalCollectors")
        .ifPresent(
            c ->
                b.optionalCollectors(
                    c.equals(List.of(Section.ALL))
                        ? c
                        : collectorIds(s, "optionalCollectors", c, engine)));
    s.bool("registerDatabaseMetrics").ifPresent(b::registerDatabaseMetrics);
    s.bool("registerHostMetrics").ifPresent(b::registerHostMetrics);
    s.bool("registerCustomMetrics").ifPresent(b::registerCustomMetrics);
    s.strings("customMetricsFile").ifPresent(f -> b.customMetricsFiles(files.customMetrics(s, f)));
    s.integer("customMaxValueBytes").ifPresent(b::customMaxValueBytes);
    s.integer("customMaxResultBytes").ifPresent(b::customMaxResultBytes);
    s.duration("bigKeyDataCacheTime").ifPresent(b::bigKeyDataCacheTime);
    s.duration("alarmKeyCacheTime").ifPresent(b::alarmKeyCacheTime);
    engine.ifPresent(e -> b.options(options(s, e)));
    if (s.problemCount() > before || name.isEmpty() || engine.isEmpty()) {
      return Optional.empty();
    }
    DatasourceConfig ds = b.build();
    for (String problem : engine.get().validate(ds)) {
      s.errorAtEntry(problem);
    }
    return Optional.of(ds);
  }

  private static void pool(Section s, DatasourceBuilder b) {
    Optional<Integer> open = s.integer("maxOpenConns");
    Optional<Integer> idle = s.integer("maxIdleConns");
    open.ifPresent(b::maxOpenConns);
    idle.ifPresent(b::maxIdleConns);
    int effectiveOpen = open.orElse(b.build().maxOpenConns());
    if (idle.isPresent() && idle.get() > effectiveOpen) {
      s.error(
          "maxIdleConns",
          "must not exceed maxOpenConns (" + idle.get() + " > " + effectiveOpen + ")");
    }
    s.duration("connMaxLifetime")
        .ifPresent(
            d -> {
              if (!d.isZero() && d.compareTo(Duration.ofSeconds(30)) < 0) {
                s.error(
                    "connMaxLifetime",
                    "must be 0 (no limit) or at least 30s, got " + Durations.format(d));
              }
              b.connMaxLifetime(d);
            });
  }

  private static Optional<String> name(Section s, Optional<String> fixedName) {
    if (!s.has("name")) {
      if (fixedName.isEmpty()) {
        s.errorAtEntry("name", "required key is missing");
      }
      return fixedName;
    }
    Optional<String> name = s.string("name");
    if (name.isPresent() && !NAME.matcher(name.get()).matches()) {
      s.error(
          "name",
          "'"
              + name.get()
              + "' is not a valid name (letters, digits, '.', '_', ':'"
              + " and '-', starting with a letter or digit)");
      return Optional.empty();
    }
    return name;
  }

  private Optional<Engine> engine(Section s, Optional<String> written) {
    if (!s.has("engine")) {
      s.errorAtEntry("engine", "required key is missing (known engines: " + known() + ")");
      return Optional.empty();
    }
    Optional<Engine> engine = written.flatMap(engines::find);
    if (written.isPresent() && engine.isEmpty()) {
      s.error("engine", "unknown engine '" + written.get() + "' (known: " + known() + ")");
    }
    return engine;
  }

  private String known() {
    return String.join(", ", engines.names());
  }

  /** dbHost, url and database; url wins over dbHost when both are written. */
  private static void address(
      Section s, DatasourceBuilder b, Optional<Engine> engine, Optional<Section.Text> url) {
    int defaultPort = engine.map(Engine::defaultPort).orElse(0);
    b.port(defaultPort);
    String example = engine.map(Engine::urlExample).orElse("");
    url.ifPresent(u -> url(s, b, u.value().strip(), defaultPort, example));
    JsonNode writtenUrl = s.node().get("url");
    boolean urlUnset =
        writtenUrl == null
            || writtenUrl.isNull()
            || writtenUrl.isTextual() && writtenUrl.asText().isBlank();
    if (!s.has("dbHost")) {
      if (urlUnset && engine.map(Engine::addressRequired).orElse(true)) {
        s.errorAtEntry(
            "dbHost", "required key is missing (write dbHost = \"host:port\", or set url)");
      }
    } else {
      s.string("dbHost").ifPresent(h -> dbHost(s, b, h, defaultPort, url.isPresent()));
    }
    database(s).ifPresent(b::database);
  }

  private static void dbHost(
      Section s, DatasourceBuilder b, String text, int defaultPort, boolean hasUrl) {
    try {
      HostPort hp = HostPort.parse(text);
      if (hp.host().isEmpty()) {
        s.error("dbHost", "'" + text + "' has no host");
      } else if (hp.port().isPresent() && hp.port().getAsInt() == 0) {
        s.error("dbHost", "port must be between 1 and 65535, got 0");
      } else if (hasUrl) {
        s.warn("dbHost", "ignored: url is set and overrides it");
      } else {
        b.host(hp.host()).port(hp.port().orElse(defaultPort));
      }
    } catch (IllegalArgumentException e) {
      s.error("dbHost", e.getMessage());
    }
  }

  /** Parses url; its text is never quoted in a message, as it may hold a password. */
  private static void url(
      Section s, DatasourceBuilder b, String url, int defaultPort, String example) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      s.error("url", "not a valid URL: " + e.getReason() + " at character " + (e.getIndex() + 1));
      return;
    }
    if (uri.getScheme() == null) {
      s.error(
          "url",
          "must start with a scheme"
              + (example.isEmpty() ? "" : ", such as " + example.substring(0, schemeEnd(example))));
      return;
    }
    List<String> ports = UrlPorts.problems(url);
    if (!ports.isEmpty()) {
      ports.forEach(p -> s.error("url", p));
      return;
    }
    b.url(uri);
    String inner = url.regionMatches(true, 0, "jdbc:", 0, 5) ? url.substring(5) : url;
    try {
      URI server = new URI(inner);
      if (server.getHost() != null) {
        b.host(server.getHost()).port(server.getPort() > 0 ? server.getPort() : defaultPort);
      }
    } catch (URISyntaxException e) {
      // Host and port are for display only; the driver reads the URL itself.
    }
  }

  /** The scheme part of a URL example with its {@code //}. */
  private static int schemeEnd(String example) {
    int i = example.indexOf("//");
    return i < 0 ? example.length() : i + 2;
  }

  /** A name, or a db index written as a number. */
  private static Optional<String> database(Section s) {
    if (!s.has("database")) {
      return Optional.empty();
    }
    JsonNode v = s.node().get("database");
    if (v.isIntegralNumber()) {
      if (v.asLong() < 0) {
        s.error("database", "must not be negative, got " + v.asText());
        return Optional.empty();
      }
      return Optional.of(v.asText());
    }
    return s.string("database").map(String::strip).filter(d -> !d.isEmpty());
  }

  private void password(Section s, DatasourceBuilder b, Optional<Section.Text> url) {
    Optional<Passwords.Resolved> pwd = Passwords.resolve(s, "dbPwd");
    pwd.ifPresent(p -> b.password(p.secret()));
    Optional<String> file = s.string("dbPwdFile").map(String::strip).filter(f -> !f.isEmpty());
    if (file.isPresent()) {
      if (pwd.isPresent() && !pwd.get().secret().isEmpty()) {
        s.error("dbPwdFile", "set either dbPwd or dbPwdFile, not both");
      } else {
        Passwords.readFile(s, "dbPwdFile", files.resolve(file.get())).ifPresent(b::password);
      }
    }
    // One warning per datasource, naming where the clear password is.
    if (pwd.isPresent() && pwd.get().plain()) {
      s.warn("dbPwd", PLAIN_PASSWORD);
    } else if (url.isPresent()
        && !url.get().fromEnv()
        && URL_PASSWORD.matcher(url.get().value()).find()) {
      s.warn(
          "url",
          "the URL holds a password in plain text; prefer dbPwd with dbPwdFile or"
              + " ${ENV_VAR} (see docs/configuration.md)");
    }
  }

  private static Optional<Map<String, String>> labels(Section s) {
    if (!s.has("labels")) {
      return Optional.empty();
    }
    JsonNode v = s.node().get("labels");
    Map<String, String> labels = new LinkedHashMap<>();
    try {
      if (v.isObject()) {
        for (Map.Entry<String, JsonNode> e : v.properties()) {
          if (!e.getValue().isValueNode() || e.getValue().isNull()) {
            s.error(
                "labels",
                "label '"
                    + e.getKey()
                    + "': expected a string, got "
                    + Section.article(NodeKinds.describe(e.getValue())));
            return Optional.empty();
          }
          Optional<Section.Text> value = s.interpolate("labels", e.getValue().asText());
          if (value.isEmpty()) {
            return Optional.empty();
          }
          LabelSyntax.put(labels, e.getKey(), value.get().value().strip());
        }
        return Optional.of(labels);
      }
      return s.string("labels").map(LabelSyntax::parse);
    } catch (IllegalArgumentException e) {
      s.error("labels", e.getMessage());
      return Optional.empty();
    }
  }

  /** Collector ids must name the engine's built-in definitions (ids as in docs/metrics.md). */
  private static List<String> collectorIds(
      Section s, String key, List<String> ids, Optional<Engine> engine) {
    if (engine.isEmpty()) {
      return ids;
    }
    Set<String> known;
    try {
      known = Set.copyOf(engine.get().collectorIds());
    } catch (RuntimeException e) {
      return ids; // The engine's own loading reports broken definitions.
    }
    for (String id : ids) {
      if (!known.contains(id)) {
        s.error(
            key,
            "unknown collector '"
                + id
                + "' for engine "
                + engine.get().id()
                + Suggest.closest(id, known).map(c -> " (did you mean " + c + "?)").orElse(""));
      }
    }
    return ids;
  }
}
