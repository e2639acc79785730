package io.dbscope.sql;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SqlFingerprintTest {
  @Test
  void applicationPostgresAndMysqlTextsOfOneStatementAgree() {
    String app = "select id, name from orders o where o.id = ? and status in (?, ?, ?) limit 10";
    String pg = "select id, name from orders o where o.id = $1 and status in ($2, $3, $4) limit $5";
    String pg18 =
        "select id, name from orders o where o.id = $1 and status in ($2 /*, ... */) limit $3";
    String my =
        "SELECT `id` , `name` FROM `orders` `o` WHERE `o` . `id` = ? AND `status` IN (...) LIMIT ?";
    String id = SqlFingerprint.id(app, SqlDialect.POSTGRES);
    assertThat(SqlFingerprint.id(pg, SqlDialect.POSTGRES)).isEqualTo(id);
    assertThat(SqlFingerprint.id(pg18, SqlDialect.POSTGRES)).isEqualTo(id);
    assertThat(SqlFingerprint.id(my, SqlDialect.MYSQL)).isEqualTo(id);
    assertThat(SqlFingerprint.text(app, SqlDialect.POSTGRES))
        .isEqualTo("select id , name from orders o where o . id = ? and status in ( ? ) limit ?");
  }

  @Test
  void literalsSignsAndRowsAreValues() {
    assertThat(SqlFingerprint.text("INSERT INTO t VALUES (1, 'a'), (-2, NULL)", SqlDialect.MYSQL))
        .isEqualTo("insert into t values ( ? )");
    assertThat(SqlFingerprint.text("select a - 1, -2 from t", SqlDialect.POSTGRES))
        .isEqualTo("select a - ? , ? from t");
    assertThat(SqlFingerprint.text("/* app */ SELECT f(x, 1)", SqlDialect.POSTGRES))
        .isEqualTo("select f ( x , ? )");
  }

  @Test
  void differentStatementsDiffer() {
    assertThat(SqlFingerprint.id("select a from t", SqlDialect.POSTGRES))
        .isNotEqualTo(SqlFingerprint.id("select b from t", SqlDialect.POSTGRES))
        .hasSize(16);
    assertThat(SqlFingerprint.id(null, SqlDialect.POSTGRES)).isNull();
  }
}
