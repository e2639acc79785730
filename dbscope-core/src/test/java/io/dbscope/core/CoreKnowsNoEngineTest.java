package io.dbscope.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Core knows rows, samples, schedules and config tables: its main code names no engine and imports
 * no JDBC, HikariCP, JSqlParser or SQL-text code, so that an engine of another kind (Redis,
 * MongoDB, CloudWatch) carries none of them. Comments may name engines as examples; code and
 * strings may not: what an engine means by a shared key is the engine's to say.
 */
class CoreKnowsNoEngineTest {
  private static final Path MAIN = Path.of("src", "main", "java");

  private static final Pattern ENGINE_NAME =
      Pattern.compile(
          "postgres|mysql|mariadb|redis|jedis|pgjdbc|mongo|dameng|\\bdm8\\b|\\bpg_",
          Pattern.CASE_INSENSITIVE);

  private static final Pattern ENGINE_NAME_BUT_REDIS =
      Pattern.compile(
          "postgres|mysql|mariadb|jedis|pgjdbc|mongo|dameng|\\bdm8\\b|\\bpg_",
          Pattern.CASE_INSENSITIVE);

  private static final Pattern JDBC_POOL_OR_PARSER =
      Pattern.compile("\\b(javax?\\.sql|com\\.zaxxer|net\\.sf\\.jsqlparser|io\\.dbscope\\.sql)\\.");

  @Test
  void mainCodeImportsNoJdbcPoolOrParser() throws IOException {
    List<String> found = new ArrayList<>();
    for (Path f : sources()) {
      Matcher m = JDBC_POOL_OR_PARSER.matcher(withoutComments(Files.readString(f)));
      while (m.find()) {
        found.add(MAIN.relativize(f) + ": " + m.group().strip());
      }
    }
    assertThat(found).isEmpty();
  }

  /**
   * Files that name Redis as the cluster's own store (the {@code [cluster]} keys {@code redis},
   * {@code redisPwd}... and {@code dbscope_cluster_redis_up}), not as a monitored engine: the
   * cluster talks to Redis in dbscope-cluster, never through an engine.
   */
  private static final List<String> CLUSTER_STORE =
      List.of(
          "io/dbscope/core/config/ClusterKeys.java",
          "io/dbscope/core/config/ClusterBinder.java",
          "io/dbscope/core/config/ClusterConfig.java",
          "io/dbscope/core/metrics/SelfMetric.java");

  @Test
  void mainCodeNamesNoEngineOutsideComments() throws IOException {
    List<String> found = new ArrayList<>();
    for (Path f : sources()) {
      String name = MAIN.relativize(f).toString().replace('\\', '/');
      if (CLUSTER_STORE.contains(name)) {
        Matcher m = ENGINE_NAME_BUT_REDIS.matcher(withoutComments(Files.readString(f)));
        if (m.find()) {
          found.add(name + ": " + m.group().toLowerCase(Locale.ROOT));
        }
        continue;
      }
      Matcher m = ENGINE_NAME.matcher(withoutComments(Files.readString(f)));
      if (m.find()) {
        found.add(name + ": " + m.group().toLowerCase(Locale.ROOT));
      }
    }
    assertThat(found).as("core code naming an engine").isEmpty();
  }

  @Test
  void commentsAreSkippedButStringsAreRead() {
    String code = "// redis\n/* mysql */ String s = \"jdbc:postgresql://h\"; // x\n";

    assertThat(withoutComments(code)).doesNotContain("redis", "mysql").contains("postgresql://");
  }

  private static List<Path> sources() throws IOException {
    try (Stream<Path> s = Files.walk(MAIN)) {
      return s.filter(p -> p.toString().endsWith(".java")).sorted().toList();
    }
  }

  /** The code with its comments blanked, strings and text blocks kept (they may hold "//"). */
  static String withoutComments(String src) {
    StringBuilder out = new StringBuilder(src.length());
    int i = 0;
    while (i < src.length()) {
      char c = src.charAt(i);
      if (src.startsWith("//", i)) {
        int end = src.indexOf('\n', i);
        i = end < 0 ? src.length() : end;
      } else if (src.startsWith("/*", i)) {
        int end = src.indexOf("*/", i + 2);
        i = end < 0 ? src.length() : end + 2;
        out.append(' ');
      } else if (src.startsWith("\"\"\"", i)) {
        int end = src.indexOf("\"\"\"", i + 3);
        end = end < 0 ? src.length() : end + 3;
        out.append(src, i, end);
        i = end;
      } else if (c == '"' || c == '\'') {
        int j = i + 1;
        while (j < src.length() && src.charAt(j) != c && src.charAt(j) != '\n') {
          j += src.charAt(j) == '\\' ? 2 : 1;
        }
        j = Math.min(j + 1, src.length());
        out.append(src, i, j);
        i = j;
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }
}
