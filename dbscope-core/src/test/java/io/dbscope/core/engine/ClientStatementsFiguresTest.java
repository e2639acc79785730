package io.dbscope.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbscope.core.engine.ClientStatements.Figures;
import org.junit.jupiter.api.Test;

class ClientStatementsFiguresTest {

  @Test
  void twoInstancesOfOneStatementAddUpAndKeepTheLongestCall() {
    Figures a = new Figures(3, 0.3, 0.2, 1, 30);
    Figures b = new Figures(2, 0.1, 0.05, 0, 4);

    assertThat(a.plus(b)).isEqualTo(new Figures(5, 0.4, 0.2, 1, 34));
    assertThat(b.plus(a)).isEqualTo(a.plus(b));
  }
}
