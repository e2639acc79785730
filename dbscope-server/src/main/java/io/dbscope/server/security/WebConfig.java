package io.dbscope.server.security;

import io.dbscope.core.config.DbscopeConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A validated web config: the Prometheus exporter-toolkit's {@code web-config.yml}, as given to
 * {@code --web.config.file}. The same file that secures postgres_exporter or node_exporter loads
 * here unchanged: TLS with optional client certificates, {@code basic_auth_users} with bcrypt
 * hashes, extra response headers, and the toolkit's rarer keys (accepted; what dbscope cannot apply
 * is listed in {@link #notes()}).
 *
 * <pre>{@code
 * WebConfig web = WebConfig.load(Path.of("/etc/dbscope/web-config.yml"));
 * web.notes().forEach(log::info);
 * WebSecurity security = WebSecurity.start(web);
 * }</pre>
 *
 * <p>Immutable; relative file names are already resolved against the file's directory.
 *
 * @param source the file it was read from, empty for {@link #none()}
 * @param tls TLS settings, empty for plain HTTP (the toolkit's rule: TLS is on when a certificate,
 *     key, client CA or client auth type is given)
 * @param headers {@code http_server_config.headers}, blank values left out
 * @param users {@code basic_auth_users}: user name to bcrypt hash; empty means no basic auth
 * @param authExcludedPaths request paths that need no authentication ({@code
 *     basic_auth_excluded_paths} or {@code auth_excluded_paths})
 * @param rateLimit {@code rate_limit}, empty when absent or its interval is 0
 * @param notes keys that were accepted but that dbscope does not apply, one readable line each
 */
public record WebConfig(
    Optional<Path> source,
    Optional<Tls> tls,
    Map<String, String> headers,
    Map<String, String> users,
    List<String> authExcludedPaths,
    Optional<RateLimit> rateLimit,
    List<String> notes) {

  public WebConfig {
    headers = Map.copyOf(headers);
    users = Map.copyOf(users);
    authExcludedPaths = List.copyOf(authExcludedPaths);
    notes = List.copyOf(notes);
  }

  /** Plain HTTP, no authentication: what dbscope does without {@code --web.config.file}. */
  public static WebConfig none() {
    return new WebConfig(
        Optional.empty(),
        Optional.empty(),
        Map.of(),
        Map.of(),
        List.of(),
        Optional.empty(),
        List.of());
  }

  /**
   * Reads and validates {@code file}; certificate and key files are checked by {@link WebSecurity}.
   */
  public static WebConfig load(Path file) throws WebConfigException {
    return new WebConfigParser(file).parse();
  }

  /** Parses YAML text as if read from {@code file} (whose directory resolves relative names). */
  public static WebConfig parse(String yaml, Path file) throws WebConfigException {
    return new WebConfigParser(file).parse(yaml);
  }

  /** The {@code basic_auth_users} check, or empty when the file configures no users. */
  public Optional<Authenticator> authenticator() {
    return users.isEmpty() ? Optional.empty() : Optional.of(new UserAuth(users));
  }

  /**
   * The rule between the seed's {@code enableBasicAuth} keys and {@code --web.config.file}: only
   * one of them may configure access, so that nobody believes a user is required (or not) because
   * they read only one of the two files.
   *
   * @return the readable error, or empty when the two can run together
   */
  public static Optional<String> conflict(DbscopeConfig config, Optional<Path> webConfigFile) {
    if (webConfigFile.isEmpty() || !config.global().enableBasicAuth()) {
      return Optional.empty();
    }
    String where = config.source().map(p -> " in " + p).orElse("");
    return Optional.of(
        "enableBasicAuth = true"
            + where
            + " and --web.config.file "
            + webConfigFile.get()
            + " cannot be used together: put the user in basic_auth_users of the web config"
            + " (a bcrypt hash, e.g. htpasswd -nBC 10 \"\" | tr -d ':\\n') and set enableBasicAuth"
            + " = false");
  }

  @Override
  public String toString() {
    return "WebConfig[source="
        + source
        + ", tls="
        + tls
        + ", headers="
        + headers
        + ", users="
        + users.keySet()
        + ", authExcludedPaths="
        + authExcludedPaths
        + ", rateLimit="
        + rateLimit
        + "]";
  }

  /**
   * {@code tls_server_config}.
   *
   * @param cipherSuites JSSE names of {@code cipher_suites} (TLS 1.2 and below, as in Go), empty
   *     for the JDK's defaults
   * @param namedGroups JSSE names of {@code curve_preferences}, empty for the JDK's defaults
   */
  public record Tls(
      PemSource cert,
      PemSource key,
      ClientAuth clientAuth,
      Optional<PemSource> clientCa,
      List<String> clientAllowedSans,
      TlsVersion minVersion,
      TlsVersion maxVersion,
      List<String> cipherSuites,
      List<String> namedGroups,
      boolean preferServerCipherSuites) {
    public Tls {
      clientAllowedSans = List.copyOf(clientAllowedSans);
      cipherSuites = List.copyOf(cipherSuites);
      namedGroups = List.copyOf(namedGroups);
    }
  }

  /** {@code rate_limit}: one request per {@code interval}, bursts of {@code burst}; else 429. */
  public record RateLimit(Duration interval, int burst) {}
}
