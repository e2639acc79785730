package io.dbscope.engine.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class KeyPoolTest {
  private static final String INFO =
      "# Server\r\nuptime_in_seconds:10\r\nserver_time_usec:20000000\r\n"
          + "# Commandstats\r\ncmdstat_get:calls=2,usec=5,usec_per_call=2.50\r\n"
          + "# Keyspace\r\ndb0:keys=1,expires=0,avg_ttl=0\r\n";

  @Test
  void aKeyIsTheSameStringInEveryReplyAndReadsAsCutOut() {
    KeyPool pool = new KeyPool();
    InfoText first = InfoText.parse(INFO, Instant.EPOCH, pool);
    InfoText second = InfoText.parse(new String(INFO), Instant.EPOCH, pool);
    InfoText alone = InfoText.parse(INFO, Instant.EPOCH);
    for (int i = 0; i < first.lines().size(); i++) {
      assertThat(second.lines().get(i).key()).isSameAs(first.lines().get(i).key());
      assertThat(second.lines().get(i)).isEqualTo(alone.lines().get(i));
    }
    String[] a = first.lines().get(3).pairs(pool);
    String[] b = second.lines().get(3).pairs(pool);
    assertThat(b).containsExactly(a).containsExactly(alone.lines().get(3).pairs());
    for (int i = 0; i < a.length; i += 2) {
      assertThat(b[i]).as("field name").isSameAs(a[i]);
    }
    assertThat(RecordRows.of(second, "commandstats", 0).rows().getFirst()[0])
        .isEqualTo("get")
        .isSameAs(RecordRows.of(first, "commandstats", 0).rows().getFirst()[0]);
  }

  @Test
  void aFullPoolOrALongKeyIsCutOutAsBefore() {
    KeyPool tiny = new KeyPool(2);
    List<String> got = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      got.add(tiny.of("x:key_" + i + ":y", 2, 2 + 4 + String.valueOf(i).length()));
    }
    for (int i = 0; i < 50; i++) {
      assertThat(got.get(i)).isEqualTo("key_" + i);
    }
    assertThat(tiny.size()).isEqualTo(2);
    String longKey = "k".repeat(KeyPool.LONGEST + 1);
    assertThat(tiny.of(longKey, 0, longKey.length())).isEqualTo(longKey);
    KeyPool none = KeyPool.NONE;
    assertThat(none.of("abc", 0, 2)).isEqualTo("ab").isNotSameAs(none.of("abc", 0, 2));
    assertThat(none.size()).isZero();
    assertThatThrownBy(() -> new KeyPool(3)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void threadsSharingAPoolEachGetTheRightKey() throws Exception {
    KeyPool pool = new KeyPool(64);
    ExecutorService threads = Executors.newFixedThreadPool(4);
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        results.add(
            threads.submit(
                () -> {
                  for (int i = 0; i < 20_000; i++) {
                    String key = "field_" + (i % 200);
                    String line = key + ":1";
                    if (!pool.of(line, 0, key.length()).equals(key)) {
                      return false;
                    }
                  }
                  return true;
                }));
      }
      for (Future<Boolean> r : results) {
        assertThat(r.get()).isTrue();
      }
    } finally {
      threads.shutdownNow();
    }
  }

  @Test
  void keysAndSectionNamesAreReadFromTheReplysBytes() {
    KeyPool pool = new KeyPool();
    byte[] reply = "x# Server\r\nused_memory:1ü".getBytes(StandardCharsets.UTF_8);
    String key = pool.of(reply, 11, 22);
    assertThat(key).isEqualTo("used_memory").isSameAs(pool.of("a used_memory b", 2, 13));
    assertThat(pool.lowerCase(reply, 3, 9)).isEqualTo("server").isSameAs(pool.of("server", 0, 6));
    assertThat(pool.lowerCase("SERVER".getBytes(StandardCharsets.UTF_8), 0, 6))
        .isSameAs(pool.lowerCase(reply, 3, 9));
    // Not ASCII: cut out, never pooled, read as UTF-8.
    assertThat(pool.of(reply, 23, reply.length)).isEqualTo("1ü");
    assertThat(pool.lowerCase("ÜBER".getBytes(StandardCharsets.UTF_8), 0, 5)).isEqualTo("über");
    assertThat(KeyPool.NONE.lowerCase(reply, 3, 9)).isEqualTo("server");
  }
}
