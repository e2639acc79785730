package io.dbscope.engine.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BatchTextsTest {
  @Test
  void datasourcesWithTheSameDueQueriesShareOneText() {
    BatchTexts shared = new BatchTexts();
    PostgresDialect a = new PostgresDialect(shared);
    PostgresDialect b = new PostgresDialect(shared);
    Optional<String> first = a.batch(new ArrayList<>(List.of("SELECT 1", "SELECT 2")), 100);
    Optional<String> again = b.batch(new ArrayList<>(List.of("SELECT 1", "SELECT 2")), 100);
    assertThat(again.orElseThrow()).isSameAs(first.orElseThrow());
    assertThat(first.orElseThrow()).contains("SELECT 1").contains("SELECT 2").contains("LIMIT 101");
    assertThat(a.batch(List.of("SELECT 1"), 100).orElseThrow()).doesNotContain("SELECT 2");
    assertThat(a.batch(List.of("SELECT 1", "SELECT 2"), 5).orElseThrow()).contains("LIMIT 6");
    assertThat(shared.size()).isEqualTo(3);
  }

  @Test
  void aCallerChangingItsListAfterwardsChangesNoText() {
    BatchTexts shared = new BatchTexts();
    PostgresDialect d = new PostgresDialect(shared);
    List<String> due = new ArrayList<>(List.of("SELECT 1"));
    String text = d.batch(due, 100).orElseThrow();
    due.add("SELECT 2");
    assertThat(d.batch(List.of("SELECT 1"), 100).orElseThrow()).isSameAs(text);
  }

  @Test
  void pastTheBoundTheTextsAreMadeAgain() {
    BatchTexts shared = new BatchTexts();
    PostgresDialect d = new PostgresDialect(shared);
    for (int i = 0; i < BatchTexts.SETS * 2; i++) {
      assertThat(d.batch(List.of("SELECT " + i), 100).orElseThrow()).contains("SELECT " + i);
    }
    assertThat(shared.size()).isLessThanOrEqualTo(BatchTexts.SETS);
  }
}
