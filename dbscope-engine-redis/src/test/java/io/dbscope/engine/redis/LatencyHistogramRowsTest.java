package io.dbscope.engine.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbscope.core.engine.ResultRows;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code LATENCY HISTOGRAM}'s reply as rows: per command, in name order, its buckets then +Inf. */
class LatencyHistogramRowsTest {
  @Test
  void commandsComeInNameOrderEachWithItsBucketsThenItsCalls() {
    Object reply =
        List.of(
            bytes("set"),
            List.of(bytes("calls"), 5L, bytes("histogram_usec"), List.of(1L, 2L, 4L, 5L)),
            bytes("config|get"),
            List.of(bytes("calls"), 1L, bytes("histogram_usec"), List.of(8L, 1L)),
            bytes("get"),
            List.of(bytes("calls"), 3L, bytes("histogram_usec"), List.of(2L, 3L)));

    ResultRows rows = LatencyHistogramRows.of(reply);

    assertThat(rows.columns()).containsExactly("cmd", "le", "bucket");
    assertThat(rows.rows())
        .containsExactly(
            new Object[] {"config|get", "8", 1L},
            new Object[] {"config|get", "+Inf", 1L},
            new Object[] {"get", "2", 3L},
            new Object[] {"get", "+Inf", 3L},
            new Object[] {"set", "1", 2L},
            new Object[] {"set", "4", 5L},
            new Object[] {"set", "+Inf", 5L});
  }

  @Test
  void pooledCommandNamesAreTheSameStringsInEveryReplyAndBoundsReadTheSame() {
    KeyPool keys = new KeyPool();
    List<Object> reply =
        List.of(
            bytes("get"),
            List.of(bytes("calls"), 9L, bytes("histogram_usec"), List.of(3L, 1L, 1024L, 9L)),
            bytes("hset\u00e9"),
            List.of(bytes("calls"), 1L, bytes("histogram_usec"), List.of(1L << 40, 1L)));
    ResultRows first = LatencyHistogramRows.of(reply, keys);
    ResultRows second = LatencyHistogramRows.of(reply, keys);
    assertThat(second.rows())
        .containsExactlyElementsOf(LatencyHistogramRows.of(reply).rows())
        .containsExactly(
            new Object[] {"get", "3", 1L},
            new Object[] {"get", "1024", 9L},
            new Object[] {"get", "+Inf", 9L},
            new Object[] {"hset\u00e9", "1099511627776", 1L},
            new Object[] {"hset\u00e9", "+Inf", 1L});
    assertThat(second.rows().getFirst()[0]).isSameAs(first.rows().getFirst()[0]);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
