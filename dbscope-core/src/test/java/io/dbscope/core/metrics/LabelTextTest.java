package io.dbscope.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.snapshots.Labels;
import org.junit.jupiter.api.Test;

class LabelTextTest {
  private static String written(LabelText texts, Labels row, Labels constant) {
    TextBuffer buf = new TextBuffer(16);
    texts.write(buf, row, constant);
    return buf.toString();
  }

  @Test
  void writesTheJoinedSetEscapedAndTheSameAgainFromWhatItKept() {
    LabelText texts = new LabelText();
    Labels row = Labels.of("cmd", "ge\"t", "env", "row");
    Labels constant = Labels.of("datasource", "r\\1", "env", "prod");
    String first = written(texts, row, constant);
    assertThat(first).isEqualTo("{cmd=\"ge\\\"t\",datasource=\"r\\\\1\",env=\"row\"}");
    assertThat(written(texts, row, constant)).isEqualTo(first);
    assertThat(written(texts, row, Labels.EMPTY)).isEqualTo("{cmd=\"ge\\\"t\",env=\"row\"}");
    assertThat(written(texts, Labels.EMPTY, Labels.EMPTY)).isEmpty();
    assertThat(written(texts, Labels.of("a", "é\n"), Labels.EMPTY)).isEqualTo("{a=\"é\\n\"}");
  }

  @Test
  void keepsTheTextOfTheLastAnswersSetsAndDropsTheOnesAnAnswerDidNotUse() {
    LabelText texts = new LabelText();
    Labels kept = Labels.of("cmd", "get");
    Labels once = Labels.of("query", "select 1");
    Labels constant = Labels.of("datasource", "r1");
    written(texts, kept, constant);
    written(texts, once, constant);
    assertThat(texts.held()).isEqualTo(3);

    texts.answerDone();
    assertThat(written(texts, kept, constant)).isEqualTo("{cmd=\"get\",datasource=\"r1\"}");
    // An equal set that is another object is written from its own values.
    assertThat(written(texts, Labels.of("cmd", "set"), constant))
        .isEqualTo("{cmd=\"set\",datasource=\"r1\"}");

    texts.answerDone();
    texts.answerDone();
    assertThat(texts.held()).isZero();
    assertThat(written(texts, once, Labels.EMPTY)).isEqualTo("{query=\"select 1\"}");
  }

  @Test
  void aFleetsManySetsAreNotKeptForTheNextAnswer() {
    LabelText texts = new LabelText();
    for (int i = 0; i < 5000; i++) {
      written(texts, Labels.of("datasource", "r" + i), Labels.EMPTY);
    }
    texts.answerDone();
    assertThat(texts.held()).isZero();
    assertThat(written(texts, Labels.of("datasource", "r1"), Labels.EMPTY))
        .isEqualTo("{datasource=\"r1\"}");
  }
}
