package io.dbscope.engine.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InfoTextTest {
  private static final String INFO =
      "# Server\r\n"
          + "redis_version:7.0.15\r\n"
          + "server_time_usec:1700000100999999\r\n"
          + "uptime_in_seconds:100\r\n"
          + "executable:/usr/bin/redis-server\r\n"
          + "\r\n"
          + "# Replication\r\n"
          + "role:slave\r\n"
          + "master_host:::1\r\n"
          + "slave0:ip=10.0.0.2,port=6379,state=online,offset=42,lag=0\r\n"
          + "\r\n"
          + "# Keyspace\r\n"
          + "db0:keys=3,expires=1,avg_ttl=500\r\n";

  @Test
  void splitsSectionsAndLinesAtTheFirstColon() {
    InfoText info = InfoText.parse(INFO);

    assertThat(info.sections()).containsExactly("server", "replication", "keyspace");
    assertThat(info.value("master_host")).contains("::1");
    assertThat(info.value("executable")).contains("/usr/bin/redis-server");
    assertThat(info.lines(List.of("keyspace")))
        .containsExactly(new InfoText.Line("keyspace", "db0", "keys=3,expires=1,avg_ttl=500"));
  }

  @Test
  void tellsRecordsFromPlainLines() {
    InfoText info = InfoText.parse(INFO);

    assertThat(info.lines().stream().filter(InfoText.Line::isRecord).map(InfoText.Line::key))
        .containsExactly("slave0", "db0");
    assertThat(info.lines(List.of("replication")).get(2).fields())
        .containsExactly(
            org.assertj.core.api.Assertions.entry("ip", "10.0.0.2"),
            org.assertj.core.api.Assertions.entry("port", "6379"),
            org.assertj.core.api.Assertions.entry("state", "online"),
            org.assertj.core.api.Assertions.entry("offset", "42"),
            org.assertj.core.api.Assertions.entry("lag", "0"));
    assertThat(info.lines(List.of("keyspace")).getFirst().pairs())
        .containsExactly("keys", "3", "expires", "1", "avg_ttl", "500");
  }

  @Test
  void derivesTheStartTimeFromTheServerClock() {
    // floor(1700000100.999999) - 100, whatever the caller's clock says.
    InfoText info = InfoText.parse(INFO, Instant.ofEpochSecond(1));

    assertThat(info.value(InfoText.START_TIME)).contains("1700000000");
    assertThat(info.lines(List.of("server")).get(3).key()).isEqualTo(InfoText.START_TIME);
  }

  @Test
  void derivesTheStartTimeFromTheCallersClockWithoutServerTime() {
    InfoText info =
        InfoText.parse("# Server\nuptime_in_seconds:10\n", Instant.ofEpochSecond(5000, 700));

    assertThat(info.value(InfoText.START_TIME)).contains("4990");
  }

  @Test
  void allDefaultAndEverythingSelectEverySectionAndUnknownSectionsNothing() {
    InfoText info = InfoText.parse(INFO);

    assertThat(info.lines(List.of("all"))).isEqualTo(info.lines());
    assertThat(info.lines(List.of())).isEqualTo(info.lines());
    assertThat(info.lines(List.of("everything"))).isEqualTo(info.lines());
    assertThat(info.lines(List.of("nosuchsection"))).isEmpty();
  }

  @Test
  void aValueIsARecordWhenItIsNamedValuesBetweenCommas() {
    Map<String, Boolean> values = new LinkedHashMap<>();
    values.put("keys=1,expires=0,avg_ttl=0", true);
    values.put("calls=2,usec=5,usec_per_call=2.50,rejected_calls=0", true);
    values.put("ip=10.0.0.2,port=6379,state=online,offset=42,lag=0", true);
    values.put("a=", true);
    values.put("a=,b=", true);
    values.put("p50=1.003,p99=2.007,p99.9=3.1", true);
    values.put("a|b-c.d=1", true);
    values.put("a=ü,b=2", true);
    values.put("7.0.15", false);
    values.put("", false);
    values.put("=1", false);
    values.put("a=1,", false);
    values.put("a=1,,b=2", false);
    values.put("a b=1", false);
    values.put("ключ=1", false);
    values.put("/usr/bin/redis-server", false);
    values.forEach(
        (v, record) -> {
          // Read from a reply's bytes, and made as a line from the string.
          InfoText info = InfoText.parse("# S\nk:" + v + "\n");
          assertThat(info.lines().getFirst().isRecord()).as(v).isEqualTo(record);
          assertThat(new InfoText.Line("s", "k", v).isRecord()).as(v).isEqualTo(record);
        });
  }
}
