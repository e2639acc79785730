package io.dbscope.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbscope.core.config.ConfigKey.Type;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every duration and integer key has an upper bound that the code using it can honour, and a value
 * beyond it is one readable problem naming key, value and range: a {@code connectTimeout} of 2^31
 * ms or more used to load, then wrap around in the drivers and never connect.
 */
class KeyRangesTest {
  private static final String DATASOURCE =
      "[[datasource]]\nname = \"a\"\nengine = \"postgres\"\ndbHost = \"db1\"\n";

  @TempDir Path dir;

  static Stream<Arguments> rangedKeys() {
    return ConfigKeys.all().stream()
        .filter(k -> k.type() == Type.DURATION || k.type() == Type.INTEGER)
        .map(k -> Arguments.of(k.name(), k));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rangedKeys")
  void hasAnUpperBoundTheCodeCanHonour(String name, ConfigKey k) {
    assertThat(k.max()).as("%s has a maximum", k.name()).isLessThan(Long.MAX_VALUE);
    if (k.type() == Type.DURATION) {
      // Deadlines are System.nanoTime() plus the duration; 30 days is far from overflowing.
      assertThat(Duration.ofMillis(k.max())).isLessThanOrEqualTo(Duration.ofDays(30));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rangedKeys")
  void theMaximumLoadsAndOneMoreIsRefusedWithKeyValueAndRange(String name, ConfigKey k) {
    ConfigFiles files = new ConfigFiles(dir);
    String atMax = literal(k, k.max());
    String prefix =
        switch (k.scope()) {
          case GLOBAL -> "";
          case CLUSTER -> "cluster.";
          case DATASOURCE -> "datasource[a].";
        };
    // Keys bounded by another key too: that one at its own maximum.
    String companion =
        switch (k.name()) {
          case "scrapeTimeout" -> "maxScrapeTimeout = \"1h\"\n";
          case "maxIdleConns" -> "maxOpenConns = 100\n";
          default -> "";
        };

    files.load("max.toml", config(k, atMax, companion));
    Path over = files.write("over.toml", config(k, literal(k, k.max() + 1), companion));

    assertThat(files.problems(over))
        .singleElement()
        .asString()
        .startsWith(over + ":")
        .contains(prefix + k.name() + ": must be ")
        .contains(range(k))
        .contains("got " + shown(k, k.max() + 1));
  }

  @Test
  void aConnectTimeoutThatWouldWrapAroundIsRefused() {
    ConfigFiles files = new ConfigFiles(dir);
    Path f = files.write("c.toml", DATASOURCE + "connectTimeout = \"597h\"\n");

    assertThat(files.problems(f))
        .containsExactly(
            f + ":5: datasource[a].connectTimeout: must be more than 0 and at most 1h, got 597h");
  }

  @Test
  void aNumberTooLargeForADurationIsRefusedToo() {
    ConfigFiles files = new ConfigFiles(dir);
    Path f = files.write("c.toml", DATASOURCE + "queryTimeout = 9223372036854775807\n");

    assertThat(files.problems(f)).singleElement().asString().contains("queryTimeout: ");
  }

  private static String config(ConfigKey k, String value, String companion) {
    String line = k.name() + " = " + value + "\n";
    return switch (k.scope()) {
      case GLOBAL -> companion + line + DATASOURCE;
      case CLUSTER -> "[cluster]\n" + line + DATASOURCE;
      case DATASOURCE -> DATASOURCE + line + companion;
    };
  }

  private static String literal(ConfigKey k, long value) {
    return k.type() == Type.DURATION ? "\"" + value + "ms\"" : Long.toString(value);
  }

  private static String range(ConfigKey k) {
    return k.type() == Type.DURATION
        ? "at most " + Durations.format(Duration.ofMillis(k.max()))
        : "between " + k.min() + " and " + k.max();
  }

  private static String shown(ConfigKey k, long value) {
    return k.type() == Type.DURATION ? Durations.format(Duration.ofMillis(value)) : "" + value;
  }
}
