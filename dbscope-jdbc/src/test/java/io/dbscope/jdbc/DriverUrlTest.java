package io.dbscope.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DriverUrlTest {
  @Test
  void theNameParameterIsTakenOutOfTheTargetUrl() {
    DriverUrl u =
        DriverUrl.parse("jdbc:dbscope:mariadb://db:3306/shop?sslMode=disable&dbscope.name=shop");
    assertThat(u.target()).isEqualTo("jdbc:mariadb://db:3306/shop?sslMode=disable");
    assertThat(u.name()).isEqualTo("shop");
  }

  @Test
  void withoutANameTheHostsAndDatabaseAreTheName() {
    assertThat(DriverUrl.parse("jdbc:dbscope:postgresql://h1:5432,h2:5433/orders?ssl=true").name())
        .isEqualTo("h1,h2/orders");
    assertThat(DriverUrl.parse("jdbc:dbscope:postgresql://user:pw@db/orders").name())
        .isEqualTo("db/orders");
    assertThat(DriverUrl.parse("jdbc:dbscope:h2:mem:test").target()).isEqualTo("jdbc:h2:mem:test");
  }
}
