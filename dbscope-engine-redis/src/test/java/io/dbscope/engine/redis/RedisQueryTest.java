package io.dbscope.engine.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dbscope.engine.redis.RedisQuery.Form;
import java.util.List;
import org.junit.jupiter.api.Test;

class RedisQueryTest {
  @Test
  void infoDefaultsToKeyValueAndToRecordsForRecordSections() {
    assertThat(RedisQuery.parse("INFO")).isEqualTo(new RedisQuery.Info(List.of(), Form.KEYVALUE));
    assertThat(RedisQuery.parse("info ALL"))
        .isEqualTo(new RedisQuery.Info(List.of("all"), Form.KEYVALUE));
    assertThat(RedisQuery.parse("INFO Keyspace"))
        .isEqualTo(new RedisQuery.Info(List.of("keyspace"), Form.RECORDS));
    assertThat(RedisQuery.parse("INFO commandstats"))
        .isEqualTo(new RedisQuery.Info(List.of("commandstats"), Form.RECORDS));
    assertThat(RedisQuery.parse("INFO errorstats"))
        .isEqualTo(new RedisQuery.Info(List.of("errorstats"), Form.RECORDS));
    assertThat(RedisQuery.parse("INFO replication"))
        .isEqualTo(new RedisQuery.Info(List.of("replication"), Form.KEYVALUE));
  }

  @Test
  void infoFormsCanBeChosen() {
    assertThat(RedisQuery.parse("INFO server memory AS ROW"))
        .isEqualTo(new RedisQuery.Info(List.of("server", "memory"), Form.ROW));
    assertThat(RedisQuery.parse("INFO replication as records"))
        .isEqualTo(new RedisQuery.Info(List.of("replication"), Form.RECORDS));
    assertThat(RedisQuery.parse("INFO keyspace AS KEYVALUE"))
        .isEqualTo(new RedisQuery.Info(List.of("keyspace"), Form.KEYVALUE));
  }

  @Test
  void otherCommands() {
    assertThat(RedisQuery.parse("CONFIG GET max*"))
        .isEqualTo(new RedisQuery.ConfigGet("max*", false));
    assertThat(RedisQuery.parse("config get client-output-buffer-limit as buffer_limits"))
        .isEqualTo(new RedisQuery.ConfigGet("client-output-buffer-limit", true));
    assertThat(RedisQuery.parse("SLOWLOG LEN")).isEqualTo(new RedisQuery.SlowlogLen());
    assertThat(RedisQuery.parse("slowlog last")).isEqualTo(new RedisQuery.SlowlogLast());
    assertThat(RedisQuery.parse(" LATENCY  LATEST ")).isEqualTo(new RedisQuery.LatencyLatest());
    assertThat(RedisQuery.parse("CONFIG GET * as settings"))
        .isEqualTo(new RedisQuery.ConfigGet("*", false, true));
    assertThat(RedisQuery.parse("latency histogram")).isEqualTo(new RedisQuery.LatencyHistogram());
    assertThat(RedisQuery.parse("CLIENT LIST")).isEqualTo(new RedisQuery.ClientList());
    assertThatThrownBy(() -> RedisQuery.parse("LATENCY HISTOGRAM get"))
        .hasMessageContaining("LATENCY HISTOGRAM takes no arguments");
    assertThatThrownBy(() -> RedisQuery.parse("CLIENT LIST TYPE normal"))
        .hasMessageContaining("CLIENT LIST takes no arguments");
  }

  @Test
  void unsupportedQueriesNameTheQueryAndWhatIsSupported() {
    assertThatThrownBy(() -> RedisQuery.parse("FLUSHALL"))
        .hasMessageStartingWith("unsupported Redis query 'FLUSHALL' (supported: INFO");
    assertThatThrownBy(() -> RedisQuery.parse("INFO server AS TABLE"))
        .hasMessageContaining("KEYVALUE, RECORDS, ROW or PERCENTILES");
    assertThatThrownBy(() -> RedisQuery.parse("INFO server memory AS RECORDS"))
        .hasMessageContaining("exactly one section");
    assertThatThrownBy(() -> RedisQuery.parse("INFO all AS RECORDS"))
        .hasMessageContaining("exactly one section");
    assertThatThrownBy(() -> RedisQuery.parse("CONFIG GET a b"))
        .hasMessageStartingWith("unsupported Redis query 'CONFIG GET a b'");
    assertThatThrownBy(() -> RedisQuery.parse("SLOWLOG GET 10"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
