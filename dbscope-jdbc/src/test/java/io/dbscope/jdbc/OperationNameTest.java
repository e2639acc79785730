package io.dbscope.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OperationNameTest {
  @Test
  void firstKeywordAfterCommentsAndParentheses() {
    assertThat(OperationName.of("select 1")).isEqualTo("SELECT");
    assertThat(OperationName.of("  /* app */ -- x\n ((SELECT 1))")).isEqualTo("SELECT");
    assertThat(OperationName.of("insert into t values (?)")).isEqualTo("INSERT");
    assertThat(OperationName.of("WITH x AS (SELECT 1) SELECT * FROM x")).isEqualTo("WITH");
  }

  @Test
  void anythingElseIsOtherSoTheLabelStaysBounded() {
    assertThat(OperationName.of("frobnicate the table")).isEqualTo("OTHER");
    assertThat(OperationName.of("SELECTX 1")).isEqualTo("OTHER");
    assertThat(OperationName.of("")).isEqualTo("OTHER");
    assertThat(OperationName.of(null)).isEqualTo("OTHER");
    assertThat(OperationName.of("'select'")).isEqualTo("OTHER");
  }
}
