package io.dbscope.engine.sql.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbscope.core.scrape.ErrorKind;
import io.dbscope.core.scrape.ErrorSigns;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The JDBC standard signs: SQLState classes 28 and 08, SQLTimeoutException. */
class JdbcErrorSignsTest {
  private final ErrorSigns signs =
      JdbcErrorSigns.with(List.of("access denied"), List.of(), List.of());

  @Test
  void sqlStatesAndTimeoutsAreReadThroughTheCauseChain() {
    SQLException auth = new SQLException("FATAL: no pg_hba.conf entry", "28000");
    assertThat(ErrorKind.of(new RuntimeException("pool", auth), signs)).isEqualTo(ErrorKind.AUTH);
    assertThat(ErrorKind.of(auth)).as("core alone knows no SQLState").isEqualTo(ErrorKind.OTHER);
    assertThat(ErrorKind.of(new SQLTimeoutException("stop"), signs)).isEqualTo(ErrorKind.TIMEOUT);
    assertThat(ErrorKind.of(new SQLException("Access denied for user 'x'", "HY000"), signs))
        .isEqualTo(ErrorKind.AUTH);
    assertThat(ErrorKind.connectionLost(new SQLException("gone", "08006"), signs)).isTrue();
    assertThat(ErrorKind.connectionLost(new SQLException("gone", "08006"))).isFalse();
    assertThat(ErrorKind.connectionLost(new SQLException("syntax", "42601"), signs)).isFalse();
  }
}
