package io.dbscope.core.custom;

import com.fasterxml.jackson.databind.JsonNode;
import io.dbscope.core.config.Durations;
import io.dbscope.core.engine.RowMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What reading one custom metrics file shares between its entries: the file, the guard, whether
 * unchecked queries are allowed, and the problems found so far. Value checks common to both formats
 * live here so that TOML and YAML entries are judged alike.
 */
final class LoadContext {
  final Path file;
  private final QueryGuard guard;
  private final boolean allowUnchecked;
  private final List<Problem> problems = new ArrayList<>();
  private final List<RefusedMetric> refused = new ArrayList<>();

  LoadContext(Path file, QueryGuard guard, boolean allowUnchecked) {
    this.file = file;
    this.guard = guard;
    this.allowUnchecked = allowUnchecked;
  }

  List<Problem> problems() {
    return problems;
  }

  void problem(int line, String metric, String reason) {
    problems.add(new Problem(file, line, metric, reason));
  }

  /** The metrics refused so far, each with the problems found while reading its entry. */
  List<RefusedMetric> refused() {
    return refused;
  }

  /**
   * Ends one entry ({@code [[metric]]} table or YAML item) begun when {@code before} problems were
   * known: when it found problems, the metric {@code name} is refused alone with them.
   */
  void endEntry(String name, int before) {
    if (problems.size() > before) {
      refused.add(RefusedMetric.of(file, name, problems.subList(before, problems.size())));
    }
  }

  /**
   * Runs the guard over a query.
   *
   * @param line line of the entry
   * @param queryLine file line where the query text starts (for positions inside it), or 0
   * @param key the key holding the query ({@code request}, {@code query}), for messages
   * @return the verdict when the query may run (whether the parser read it is in it); empty when it
   *     may not, or when it is unchecked and unchecked queries are not allowed (reported by {@link
   *     #uncheckedAllowed})
   */
  Optional<QueryGuard.Verdict> query(
      int line, int queryLine, String metric, String key, String sql, boolean unchecked) {
    if (unchecked && !allowUnchecked) {
      return Optional.empty();
    }
    QueryGuard.Verdict v = guard.check(sql, unchecked);
    if (v.accepted()) {
      return Optional.of(v);
    }
    int at = queryLine > 0 && v.line() > 0 ? queryLine + v.line() - 1 : line;
    String where =
        v.line() > 0 && !v.reason().contains("at line ")
            ? " (query line " + v.line() + ", column " + v.column() + ")"
            : "";
    problem(at, metric, key + ": refused: " + v.reason() + where);
    return Optional.empty();
  }

  /**
   * Whether a metric marked unchecked may be: only when the global {@code allowUncheckedQueries}
   * says so (reported at {@code line} otherwise).
   */
  boolean uncheckedAllowed(boolean unchecked, int line, String metric) {
    if (unchecked && !allowUnchecked) {
      problem(line, metric, "unchecked: needs allowUncheckedQueries = true in the global config");
      return false;
    }
    return true;
  }

  /**
   * An integer setting {@code n} (null when absent) within {@code [min, max]}, else {@code dflt}.
   */
  int limit(JsonNode n, String key, int dflt, int min, int max, int line, String metric) {
    if (n == null || n.isNull()) {
      return dflt;
    }
    if (!n.canConvertToInt() || !n.isIntegralNumber() || n.asInt() < min || n.asInt() > max) {
      problem(
          line, metric, key + ": must be a whole number from " + min + " to " + max + ", not " + n);
      return dflt;
    }
    return n.asInt();
  }

  boolean bool(JsonNode n, String key, boolean dflt, int line, String metric) {
    if (n == null || n.isNull()) {
      return dflt;
    }
    if (!n.isBoolean()) {
      problem(line, metric, key + ": must be true or false, not " + n);
      return dflt;
    }
    return n.asBoolean();
  }

  /** A duration ({@code "30s"}, {@code "500ms"}, or a number of seconds). */
  Duration duration(
      JsonNode n, String key, Duration dflt, boolean zeroOk, int line, String metric) {
    if (n == null || n.isNull()) {
      return dflt;
    }
    try {
      if (!(n.isTextual() || n.isNumber())) {
        throw new IllegalArgumentException("must be a duration such as \"30s\"");
      }
      Duration d = Durations.parse(n.asText(), ChronoUnit.SECONDS);
      if (d.isNegative() || (d.isZero() && !zeroOk)) {
        throw new IllegalArgumentException("must be above zero");
      }
      return d;
    } catch (IllegalArgumentException e) {
      problem(line, metric, key + ": " + e.getMessage() + " (was " + n + ")");
      return dflt;
    }
  }

  /**
   * A metric or label name from free text: lower-cased, every character outside {@code [a-z0-9_]}
   * turned into {@code _}, and a leading digit prefixed with {@code _}.
   */
  static String sanitize(String text) {
    String s = RowMapper.sanitize(text.strip());
    return !s.isEmpty() && Character.isDigit(s.charAt(0)) ? "_" + s : s;
  }
}
