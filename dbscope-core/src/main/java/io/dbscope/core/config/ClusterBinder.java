package io.dbscope.core.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Binds the {@code [cluster]} table to a {@link ClusterConfig}. Every key is read so that all
 * problems are reported at once. Without {@code redis} and {@code sentinels} the result is "no
 * cluster" even when the table is written (the sample configs list every key with its default).
 */
final class ClusterBinder {
  /** Below this a lease cannot be renewed (every lease/3) reliably over a network. */
  static final Duration MIN_LEASE = Duration.ofMillis(300);

  private final FileKeys files;

  ClusterBinder(FileKeys files) {
    this.files = files;
  }

  /**
   * @return empty when a key is wrong (the problems are recorded); else the cluster, or {@code
   *     Optional.of(Optional.empty())} when no Redis is named
   */
  Optional<Optional<ClusterConfig>> bind(Section s) {
    int before = s.problemCount();
    Optional<String> redis = s.string("redis").map(String::strip);
    Optional<String> user = s.string("redisUser").map(String::strip);
    Optional<Passwords.Resolved> pwd = Passwords.resolve(s, "redisPwd");
    Optional<String> pwdFile = s.string("redisPwdFile").map(String::strip);
    Optional<Boolean> tls = s.bool("redisTls");
    Optional<List<String>> sentinels = s.strings("sentinels");
    Optional<String> master = s.string("sentinelMaster").map(String::strip);
    Optional<String> name = s.string("clusterName").map(String::strip);
    Optional<String> advertise = s.string("advertise").map(String::strip);
    Optional<Double> weight = s.number("weight");
    Optional<Duration> lease = s.duration("lease");
    Optional<Duration> settle = s.duration("settle");
    Optional<Duration> checkpoint = s.duration("checkpoint");
    Optional<Duration> grace = s.duration("redisDownGrace");
    if (s.problemCount() > before) {
      return Optional.empty();
    }
    boolean on = !redis.orElseThrow().isEmpty() || !sentinels.orElseThrow().isEmpty();
    if (!on) {
      return Optional.of(Optional.empty());
    }
    if (!redis.get().isEmpty()) {
      hostPort(s, "redis", redis.get());
    }
    sentinels.get().forEach(a -> hostPort(s, "sentinels", a));
    if (!name.orElseThrow().matches("[A-Za-z0-9._-]{1,64}")) {
      s.error("clusterName", "'" + name.get() + "' is not a cluster name (letters, digits, . _ -)");
    }
    Optional<URI> url = url(s, advertise.orElseThrow());
    if (!(weight.orElseThrow() > 0 && weight.get() <= 1000)) {
      s.error("weight", "must be more than 0 and at most 1000, got " + weight.get());
    }
    if (lease.orElseThrow().compareTo(MIN_LEASE) < 0) {
      s.error("lease", "must be at least 300ms");
    }
    Secret password = pwd.map(Passwords.Resolved::secret).orElse(Secret.empty());
    if (!pwdFile.orElseThrow().isEmpty()) {
      if (!password.isEmpty()) {
        s.error("redisPwdFile", "set either redisPwd or redisPwdFile, not both");
      } else {
        password =
            Passwords.readFile(s, "redisPwdFile", files.resolve(pwdFile.get()))
                .orElse(Secret.empty());
      }
    } else if (pwd.isPresent() && pwd.get().plain()) {
      s.warn(
          "redisPwd", "the password is written in plain text; prefer redisPwdFile or ${ENV_VAR}");
    }
    if (s.problemCount() > before) {
      return Optional.empty();
    }
    return Optional.of(
        Optional.of(
            new ClusterConfig(
                redis.get(),
                user.orElseThrow(),
                password,
                tls.orElseThrow(),
                sentinels.get(),
                master.orElseThrow(),
                name.get(),
                url.orElseThrow(),
                weight.get(),
                lease.get(),
                settle.orElseThrow(),
                checkpoint.orElseThrow(),
                grace.orElseThrow())));
  }

  private static void hostPort(Section s, String key, String written) {
    try {
      HostPort hp = HostPort.parse(written);
      if (hp.port().isEmpty() || hp.host().isEmpty()) {
        s.error(key, "'" + written + "' is not host:port");
      }
    } catch (IllegalArgumentException e) {
      s.error(key, e.getMessage());
    }
  }

  private static Optional<URI> url(Section s, String written) {
    if (written.isEmpty()) {
      s.errorAtEntry(
          "advertise",
          "required in cluster mode: this instance's URL, such as"
              + " http://dbscope-1.internal:9630");
      return Optional.empty();
    }
    try {
      URI u = new URI(written.endsWith("/") ? written.substring(0, written.length() - 1) : written);
      if (!("http".equals(u.getScheme()) || "https".equals(u.getScheme()))
          || u.getHost() == null
          || u.getRawQuery() != null) {
        s.error("advertise", "'" + written + "' is not an http(s)://host:port URL");
        return Optional.empty();
      }
      return Optional.of(u);
    } catch (URISyntaxException e) {
      s.error("advertise", "'" + written + "' is not a URL: " + e.getReason());
      return Optional.empty();
    }
  }
}
