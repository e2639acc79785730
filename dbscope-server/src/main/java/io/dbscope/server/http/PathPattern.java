package io.dbscope.server.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Which request paths a route takes, and the part of the path it hands its handler ({@link
 * Request#pathPart}), e.g. the datasource name of {@code /api/v1/datasources/<name>/statements}.
 * Each pattern also says how it is written in the OpenAPI document ({@link #template}), so that a
 * test can hold the document and the routes together.
 */
@FunctionalInterface
interface PathPattern {
  /** The part of {@code path} the handler gets (empty for an exact path), or empty if not taken. */
  Optional<String> match(String path);

  /** The path as OpenAPI writes it ({@code /api/v1/datasources/{name}}); "?" when unknown. */
  default String template() {
    return "?";
  }

  static PathPattern exactly(String path) {
    return named(path, p -> p.equals(path) ? Optional.of("") : Optional.empty());
  }

  /** A path read at each request, such as {@code metricPath}, which a reload may change. */
  static PathPattern exactly(Supplier<String> path) {
    return p -> p.equals(path.get()) ? Optional.of("") : Optional.empty();
  }

  /** {@code prefix}, then at least one character (the part handed on), then {@code suffix}. */
  static PathPattern between(String prefix, String suffix) {
    return named(
        prefix + "{name}" + suffix,
        p ->
            p.startsWith(prefix)
                    && p.endsWith(suffix)
                    && p.length() > prefix.length() + suffix.length()
                ? Optional.of(p.substring(prefix.length(), p.length() - suffix.length()))
                : Optional.empty());
  }

  /**
   * An OpenAPI path template such as {@code /api/v1/datasources/{name}/statements/{fingerprint}}:
   * each {@code {…}} takes one non-empty path segment; the handler gets the segments taken, joined
   * by a newline (which a decoded path segment of a datasource name or fingerprint never holds).
   */
  static PathPattern template(String template) {
    String[] want = template.substring(1).split("/", -1);
    return named(
        template,
        p -> {
          if (!p.startsWith("/")) {
            return Optional.empty();
          }
          String[] got = p.substring(1).split("/", -1);
          if (got.length != want.length) {
            return Optional.empty();
          }
          List<String> parts = new ArrayList<>();
          for (int i = 0; i < want.length; i++) {
            if (want[i].startsWith("{")) {
              if (got[i].isEmpty()) {
                return Optional.empty();
              }
              parts.add(got[i]);
            } else if (!want[i].equals(got[i])) {
              return Optional.empty();
            }
          }
          return Optional.of(String.join("\n", parts));
        });
  }

  private static PathPattern named(String template, Function<String, Optional<String>> match) {
    return new PathPattern() {
      @Override
      public Optional<String> match(String path) {
        return match.apply(path);
      }

      @Override
      public String template() {
        return template;
      }
    };
  }
}
