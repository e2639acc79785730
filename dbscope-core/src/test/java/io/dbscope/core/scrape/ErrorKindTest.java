package io.dbscope.core.scrape;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Core's own rules, and an engine's signs read in their place in the order. */
class ErrorKindTest {
  private static final ErrorSigns SIGNS =
      new ErrorSigns(
          t -> t instanceof IllegalStateException ? Optional.of(ErrorKind.AUTH) : Optional.empty(),
          t -> t instanceof IllegalArgumentException,
          List.of("wrongpass"),
          List.of("canceling statement"),
          List.of("end of stream"));

  @Test
  void socketErrorsAndGenericWordsNeedNoEngine() {
    assertThat(ErrorKind.of(new ConnectException("x"))).isEqualTo(ErrorKind.REFUSED);
    assertThat(ErrorKind.of(new SocketTimeoutException("x"))).isEqualTo(ErrorKind.TIMEOUT);
    assertThat(ErrorKind.of(new UnknownHostException("x"))).isEqualTo(ErrorKind.UNKNOWN_HOST);
    assertThat(ErrorKind.of(new RuntimeException("Authentication failed")))
        .isEqualTo(ErrorKind.AUTH);
    assertThat(ErrorKind.of(new RuntimeException("request timed out")))
        .isEqualTo(ErrorKind.TIMEOUT);
    assertThat(ErrorKind.of(new RuntimeException("x", new RuntimeException("Connection refused"))))
        .isEqualTo(ErrorKind.REFUSED);
    assertThat(ErrorKind.of(new RuntimeException("boom"))).isEqualTo(ErrorKind.OTHER);
    assertThat(ErrorKind.connectionLost(new RuntimeException("x", new IOException("reset"))))
        .isTrue();
    assertThat(ErrorKind.connectionLost(new RuntimeException("Connection is closed"))).isTrue();
    assertThat(ErrorKind.connectionLost(new RuntimeException("boom"))).isFalse();
  }

  @Test
  void anEnginesSignsAddItsTypesAndWords() {
    assertThat(ErrorKind.of(new RuntimeException("WRONGPASS invalid"))).isEqualTo(ErrorKind.OTHER);
    assertThat(ErrorKind.of(new RuntimeException("WRONGPASS invalid"), SIGNS))
        .isEqualTo(ErrorKind.AUTH);
    assertThat(ErrorKind.of(new RuntimeException("canceling statement due to"), SIGNS))
        .isEqualTo(ErrorKind.TIMEOUT);
    assertThat(ErrorKind.of(new IllegalStateException("timeout"), SIGNS))
        .as("a type sign is read before the words of the same throwable")
        .isEqualTo(ErrorKind.AUTH);
    assertThat(ErrorKind.of(new ConnectException("x"), SIGNS))
        .as("core's socket types come first")
        .isEqualTo(ErrorKind.REFUSED);
    assertThat(ErrorKind.connectionLost(new RuntimeException("unexpected end of stream"), SIGNS))
        .isTrue();
    assertThat(ErrorKind.connectionLost(new IllegalArgumentException("x"), SIGNS)).isTrue();
    assertThat(ErrorKind.connectionLost(new IllegalArgumentException("x"))).isFalse();
  }
}
