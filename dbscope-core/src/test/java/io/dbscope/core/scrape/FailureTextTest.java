package io.dbscope.core.scrape;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbscope.core.config.DatasourceConfig;
import io.dbscope.core.config.Secret;
import java.io.IOException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class FailureTextTest {

  private static DatasourceConfig withPassword(String pw) {
    return DatasourceConfig.builder("a", "postgres").password(Secret.of(pw)).build();
  }

  @Test
  void innermostUsefulMessageFirstLineOnly() {
    Exception e =
        new RuntimeException(
            "wrapper", new SQLException("FATAL: role \"x\" does not exist\n  Where: startup"));

    assertThat(FailureText.message(e)).isEqualTo("FATAL: role \"x\" does not exist");
  }

  @Test
  void blankInnerMessagesAreSkipped() {
    Exception e = new IOException("read failed", new IOException("  "));

    assertThat(FailureText.message(e)).isEqualTo("read failed");
  }

  @Test
  void theClassNameWhenNothingHasAMessage() {
    assertThat(FailureText.message(new IllegalStateException())).isEqualTo("IllegalStateException");
  }

  @Test
  void thePasswordIsNeverShown() {
    FailureText text = new FailureText(withPassword("s3cret!"));

    String told = text.of(new SQLException("login with s3cret! refused; s3cret! again"));

    assertThat(told).isEqualTo("login with ****** refused; ****** again").doesNotContain("s3cret");
    assertThat(
            MonitoredDatasource.describeFailure(
                new SQLException("pw s3cret!"), withPassword("s3cret!")))
        .isEqualTo("pw ******");
  }

  @Test
  void veryShortPasswordsAreLeftAloneSoThatWordsStayReadable() {
    FailureText text = new FailureText(withPassword("on"));

    assertThat(text.of(new SQLException("connection refused"))).isEqualTo("connection refused");
  }
}
