package io.dbscope.server.http;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * Which request paths a route takes, and the part of the path it hands its handler ({@link
 * Request#pathPart}), e.g. the datasource name of {@code /api/v1/datasources/<name>/statements}.
 */
@FunctionalInterface
interface PathPattern {
  /** The part of {@code path} the handler gets (empty for an exact path), or empty if not taken. */
  Optional<String> match(String path);

  static PathPattern exactly(String path) {
    return p -> p.equals(path) ? Optional.of("") : Optional.empty();
  }

  /** A path read at each request, such as {@code metricPath}, which a reload may change. */
  static PathPattern exactly(Supplier<String> path) {
    return p -> p.equals(path.get()) ? Optional.of("") : Optional.empty();
  }

  /** {@code prefix}, then at least one character (the part handed on), then {@code suffix}. */
  static PathPattern between(String prefix, String suffix) {
    return p ->
        p.startsWith(prefix) && p.endsWith(suffix) && p.length() > prefix.length() + suffix.length()
            ? Optional.of(p.substring(prefix.length(), p.length() - suffix.length()))
            : Optional.empty();
  }
}
