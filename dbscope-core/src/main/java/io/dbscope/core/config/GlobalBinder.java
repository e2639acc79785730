package io.dbscope.core.config;

import io.dbscope.core.config.DbscopeConfig.GlobalConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Binds the top-level keys to {@link GlobalConfig}. Every key is read (absent keys take the
 * defaults of {@link ConfigKeys}) before anything is built, so that all problems are reported.
 */
final class GlobalBinder {
  private static final Set<String> RESERVED_PATHS =
      Set.of("/", "/probe", "/sd", "/-/healthy", "/-/ready");
  private static final Pattern BCRYPT = Pattern.compile("\\$2[aby]\\$\\d\\d\\$[./A-Za-z0-9]{53}");
  private static final String LISTEN_EXAMPLES = " (examples: :9630, 127.0.0.1:9630, [::1]:9630)";

  private final Path baseDir;
  private final List<OptionTable> engineTables;

  /**
   * @param baseDir directory of the config file; relative paths are resolved against it
   * @param engineTables the top-level keys the engines of this build bring
   */
  GlobalBinder(Path baseDir, List<OptionTable> engineTables) {
    this.baseDir = baseDir;
    this.engineTables = List.copyOf(engineTables);
  }

  /**
   * @param cluster the {@code [cluster]} table, bound beforehand (it is a table of its own)
   */
  Optional<GlobalConfig> bind(Section s, Optional<ClusterConfig> cluster) {
    Optional<HostPort> listen = s.string("listenAddress").flatMap(a -> listenAddress(s, a));
    Optional<String> metricPath = s.string("metricPath").filter(p -> metricPathOk(s, p));
    s.string("version");
    Optional<String> logLevel = s.choice("logLevel");
    Optional<Optional<Path>> logFile = s.string("logFile").flatMap(f -> logFile(s, f));
    Optional<String> logFormat = s.choice("logFormat");
    Optional<Integer> logMaxSize = s.integer("logMaxSize");
    Optional<Integer> logMaxBackups = s.integer("logMaxBackups");
    Optional<Integer> logMaxAge = s.integer("logMaxAge");
    s.bool("encodeConfigPwd");
    Optional<Boolean> basicAuth = s.bool("enableBasicAuth");
    Optional<String> user = s.string("basicAuthUsername");
    Optional<Secret> password = basicAuthPassword(s);
    if (basicAuth.orElse(false)) {
      if (user.isPresent() && user.get().isBlank()) {
        requiredForBasicAuth(s, "basicAuthUsername");
      }
      if (password.isPresent() && password.get().isEmpty()) {
        requiredForBasicAuth(s, "basicAuthPassword");
      }
    }
    Optional<CollectStrategy> strategy =
        s.choice("collectStrategy").map(c -> CollectStrategy.valueOf(c.toUpperCase(Locale.ROOT)));
    Optional<Integer> groups = s.integer("maxConcurrentGroups");
    Optional<Duration> groupTimeout = s.duration("groupTimeout");
    Optional<Integer> collections = s.integer("maxConcurrentCollections");
    Optional<Duration> scrapeTimeout = s.duration("scrapeTimeout");
    Optional<Double> factor = s.number("scrapeTimeoutFactor").filter(f -> factorOk(s, f));
    Optional<Duration> maxScrape = s.duration("maxScrapeTimeout");
    if (scrapeTimeout.isPresent()
        && maxScrape.isPresent()
        && scrapeTimeout.get().compareTo(maxScrape.get()) > 0) {
      s.error(
          "scrapeTimeout",
          "must not exceed maxScrapeTimeout ("
              + Durations.format(scrapeTimeout.get())
              + " > "
              + Durations.format(maxScrape.get())
              + ")");
      scrapeTimeout = Optional.empty();
    }
    Optional<Boolean> unchecked = s.bool("allowUncheckedQueries");
    int before = s.problemCount();
    EngineOptions options = OptionReader.read(s, engineTables, new FileKeys(baseDir));
    boolean optionsOk = s.problemCount() == before;
    Optional<String> eventLog = s.string("eventLog").flatMap(e -> eventLog(s, e));
    Optional<KafkaSinkConfig> kafka = new KafkaBinder(baseDir).bind(s);
    if (listen.isEmpty()
        || metricPath.isEmpty()
        || logLevel.isEmpty()
        || logFile.isEmpty()
        || logFormat.isEmpty()
        || logMaxSize.isEmpty()
        || logMaxBackups.isEmpty()
        || logMaxAge.isEmpty()
        || basicAuth.isEmpty()
        || user.isEmpty()
        || password.isEmpty()
        || strategy.isEmpty()
        || groups.isEmpty()
        || groupTimeout.isEmpty()
        || collections.isEmpty()
        || scrapeTimeout.isEmpty()
        || factor.isEmpty()
        || maxScrape.isEmpty()
        || unchecked.isEmpty()
        || !optionsOk
        || eventLog.isEmpty()
        || kafka.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new GlobalConfig(
            listen.get().host(),
            listen.get().port().orElseThrow(),
            metricPath.get(),
            logLevel.get(),
            logFile.get(),
            logFormat.get(),
            logMaxSize.get(),
            logMaxBackups.get(),
            logMaxAge.get(),
            basicAuth.get(),
            user.get(),
            password.get(),
            strategy.get(),
            groups.get(),
            groupTimeout.get(),
            collections.get(),
            scrapeTimeout.get(),
            factor.get(),
            maxScrape.get(),
            unchecked.get(),
            eventLog.get(),
            kafka.get(),
            cluster,
            options));
  }

  /** At the key's own line when it is written empty, else at enableBasicAuth's. */
  private static void requiredForBasicAuth(Section s, String name) {
    s.errorAt(s.has(name) ? name : "enableBasicAuth", name, "required when enableBasicAuth = true");
  }

  private static Optional<HostPort> listenAddress(Section s, String text) {
    try {
      HostPort hp = HostPort.parse(text);
      if (hp.port().isEmpty()) {
        s.error("listenAddress", "'" + text + "' has no port" + LISTEN_EXAMPLES);
        return Optional.empty();
      }
      return Optional.of(hp);
    } catch (IllegalArgumentException e) {
      s.error("listenAddress", e.getMessage() + LISTEN_EXAMPLES);
      return Optional.empty();
    }
  }

  private static boolean metricPathOk(Section s, String p) {
    if (!p.startsWith("/") || !p.matches("/[A-Za-z0-9._~/-]*")) {
      s.error("metricPath", "'" + p + "' is not a URL path (write it as /metrics)");
      return false;
    }
    if (RESERVED_PATHS.contains(p)) {
      s.error("metricPath", "'" + p + "' is taken by another endpoint of dbscope");
      return false;
    }
    return true;
  }

  private Optional<Optional<Path>> logFile(Section s, String f) {
    if (f.isBlank()) {
      return Optional.of(Optional.empty());
    }
    return writable(s, "logFile", f).map(Optional::of);
  }

  /** stdout, off, or a file path resolved against the config's directory. */
  private Optional<String> eventLog(Section s, String written) {
    String w = written.strip();
    if (w.equals("stdout") || w.equals("off")) {
      return Optional.of(w);
    }
    if (w.isEmpty()) {
      s.error("eventLog", "must be stdout, off or a file path");
      return Optional.empty();
    }
    return writable(s, "eventLog", w).map(Path::toString);
  }

  /**
   * A file that dbscope appends to: checked now, without creating it, so that {@code check} catches
   * what {@code run} could not open.
   */
  private Optional<Path> writable(Section s, String key, String written) {
    Path file = baseDir.resolve(written.strip()).normalize();
    Optional<String> problem = RegularFiles.unwritable(file);
    if (problem.isPresent()) {
      s.error(key, "cannot write " + file + ": " + problem.get());
      return Optional.empty();
    }
    return Optional.of(file);
  }

  private static boolean factorOk(Section s, double f) {
    if (!(f > 0 && f <= 1)) {
      s.error("scrapeTimeoutFactor", "must be more than 0 and at most 1, got " + f);
      return false;
    }
    return true;
  }

  /** A bcrypt hash is kept as it is (the HTTP layer verifies with it); anything else is clear. */
  private static Optional<Secret> basicAuthPassword(Section s) {
    Optional<Passwords.Resolved> r = Passwords.resolve(s, "basicAuthPassword");
    if (r.isEmpty()) {
      return Optional.empty();
    }
    String value = r.get().secret().reveal();
    boolean looksHashed = value.matches("\\$2[a-z]?\\$.*");
    if (looksHashed && !BCRYPT.matcher(value).matches()) {
      s.error(
          "basicAuthPassword",
          "looks like a bcrypt hash but is not one ($2a$, $2b$ or $2y$, a two-digit cost, $ and"
              + " 53 characters)");
      return Optional.empty();
    }
    if (r.get().plain() && !looksHashed) {
      s.warn(
          "basicAuthPassword",
          "the password is written in plain text; prefer a bcrypt hash or ${ENV_VAR}"
              + " (ENC() is only obfuscation, see docs/configuration.md)");
    }
    return Optional.of(r.get().secret());
  }
}
