package io.dbscope.engine.mongodb;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbscope.core.config.DatasourceConfig;
import io.dbscope.core.config.EngineOptions;
import io.dbscope.core.engine.EngineResources;
import io.dbscope.core.events.EventSink;
import io.dbscope.core.scrape.Deadline;
import io.dbscope.core.scrape.MonitoredDatasource;
import io.dbscope.testkit.MongoFixture;
import io.dbscope.testkit.Scraped;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/** Slow operations of currentOp in the event log: once each, bounded, values never written. */
class MongoEventsTest {
  private static final Instant NOW = Instant.parse("2026-12-03T20:00:00Z");

  @Test
  void aSlowOperationIsWrittenOnceWithItsShapeNotItsValues() {
    List<Map<String, Object>> events = new CopyOnWriteArrayList<>();
    MongoEngine engine = new MongoEngine(events::add, InstantSource.fixed(NOW));
    try (MongoFixture mongo = MongoFixture.start().answer("currentOp", "currentOp-datadog.json");
        EngineResources resources = EngineResources.create()) {
      DatasourceConfig cfg =
          mongo
              .datasource("ops")
              .optionalCollectors(List.of("current_op"))
              .options(
                  EngineOptions.none().with(MongoOptions.SLOW_OP_THRESHOLD, Duration.ofMillis(500)))
              .build();
      try (MonitoredDatasource md =
          new MonitoredDatasource(cfg, engine, engine.open(cfg, resources))) {
        for (int scrape = 0; scrape < 3; scrape++) {
          assertThat(
                  Scraped.success(
                      Scraped.of(md.collect(Deadline.in(Duration.ofSeconds(10)))),
                      "ops",
                      "current_op"))
              .isEqualTo(1);
        }
      }
    }
    // Only conn4's hello (798689 us) is past 500 ms; three scrapes see it, one event says so.
    assertThat(events).hasSize(1);
    Map<String, Object> e = events.getFirst();
    assertThat(e)
        .containsEntry("ts", NOW.toString())
        .containsEntry("datasource", "ops")
        .containsEntry("kind", "slow_operation")
        .containsEntry("duration_seconds", 0.799)
        .containsEntry("database", "admin")
        .containsEntry("client_addr", "192.168.208.1:59392")
        .containsEntry("session_id", "130990")
        .containsEntry("text", "{\"hello\": \"?\", \"maxAwaitTimeMS\": \"?\"}");
  }

  @Test
  void theShapeKeepsNamesAndOperatorsAndDropsEveryValue() {
    Document cmd =
        Document.parse(
            "{find: 'users', filter: {name: 'ann', pwd: 's3cret', age: {$gt: 30},"
                + " tag: {$in: [1, 2, 3]}}, limit: 5, lsid: {id: 'x'}, $db: 'shop'}");
    String shape = CommandShape.of(cmd);
    assertThat(shape)
        .isEqualTo(
            "{\"find\": \"users\", \"filter\": {\"name\": \"?\", \"pwd\": \"?\", \"age\":"
                + " {\"$gt\": \"?\"}, \"tag\": {\"$in\": [\"?\"]}}, \"limit\": \"?\"}")
        .doesNotContain("ann", "s3cret", "30", "shop", "lsid");
  }

  @Test
  void eventsPerReplyAreBoundedAndTheRestFollowWhileTheyRun() {
    List<Map<String, Object>> events = new ArrayList<>();
    EventSink sink = events::add;
    SlowOperationEvents slow = new SlowOperationEvents("ds", sink, InstantSource.fixed(NOW));
    int n = SlowOperationEvents.MAX_PER_SCRAPE + 50;
    Document reply = currentOp(n);
    slow.report(reply, Duration.ofSeconds(1));
    assertThat(events).hasSize(SlowOperationEvents.MAX_PER_SCRAPE);
    slow.report(reply, Duration.ofSeconds(1));
    assertThat(events).hasSize(n);
    slow.report(reply, Duration.ofSeconds(1));
    assertThat(events).as("each operation once").hasSize(n);
    assertThat(events.stream().map(e -> e.get("session_id")).distinct()).hasSize(n);
    // An operation that ended and an id the server reuses later is a new operation.
    slow.report(currentOp(0), Duration.ofSeconds(1));
    slow.report(currentOp(1), Duration.ofSeconds(1));
    assertThat(events).hasSize(n + 1);
  }

  private static Document currentOp(int n) {
    List<Document> ops = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      ops.add(
          new Document("opid", i)
              .append("active", true)
              .append("op", "query")
              .append("ns", "shop.orders")
              .append("secs_running", 5)
              .append("command", new Document("find", "orders")));
    }
    ops.add(new Document("opid", -1).append("active", true).append("secs_running", 0));
    return new Document("inprog", ops);
  }
}
