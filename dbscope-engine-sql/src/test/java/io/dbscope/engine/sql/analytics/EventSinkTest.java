package io.dbscope.engine.sql.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dbscope.core.events.ActivityEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventSinkTest {

  @Test
  void eventsAreAppendedAsOneJsonObjectPerLine(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("events.jsonl");
    ActivityEvent e =
        new ActivityEvent(
            Instant.parse("2026-03-01T10:00:00Z"),
            "main",
            ActivityEvent.SLOW_SQL,
            "-123",
            12.34567,
            "app",
            "shop",
            "10.0.0.7",
            "4242",
            ActivityEvent.epoch(1772359187.5),
            "SELECT ? FROM \"t\"\nWHERE x = ?");
    try (JsonLinesEventSink sink = JsonLinesEventSink.file(file)) {
      sink.emit(e.toMap());
    }
    try (JsonLinesEventSink sink = JsonLinesEventSink.file(file)) {
      sink.emit(e.toMap());
    }
    List<String> lines = Files.readAllLines(file);
    assertThat(lines).hasSize(2);
    JsonNode json = new ObjectMapper().readTree(lines.get(0));
    assertThat(json.fieldNames())
        .toIterable()
        .containsExactly(
            "ts",
            "datasource",
            "kind",
            "fingerprint",
            "duration_seconds",
            "user",
            "database",
            "client_addr",
            "session_id",
            "started_at",
            "text");
    assertThat(json.get("kind").asText()).isEqualTo("slow_sql");
    assertThat(json.get("duration_seconds").asDouble()).isEqualTo(12.346);
    assertThat(json.get("started_at").asText()).isEqualTo("2026-03-01T09:59:47.500Z");
    assertThat(json.get("text").asText()).contains("\n");
  }

  @Test
  void aMissingStartIsNull() {
    ActivityEvent e =
        new ActivityEvent(
            Instant.EPOCH, "m", "long_transaction", null, 1, null, null, null, "1", null, null);
    assertThat(e.toMap()).containsEntry("started_at", null).containsEntry("fingerprint", null);
    assertThat(ActivityEvent.epoch(Double.NaN)).isNull();
  }
}
