package io.dbscope.sql;

import static io.dbscope.sql.SqlDialect.MYSQL;
import static io.dbscope.sql.SqlDialect.POSTGRES;
import static io.dbscope.sql.SqlObfuscator.obfuscate;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SqlObfuscatorTest {

  @Test
  void stringsAndNumbersBecomePlaceholders() {
    assertThat(obfuscate("SELECT * FROM t WHERE name = 'bob' AND id = 42", MYSQL, 200))
        .isEqualTo("SELECT * FROM t WHERE name = ? AND id = ?");
    assertThat(obfuscate("SELECT 'it''s', 'a\\\\b', 1.5e3, -7, 0xFF, .5", MYSQL, 200))
        .isEqualTo("SELECT ?, ?, ?, -?, ?, ?");
  }

  @Test
  void identifiersAndParametersStay() {
    assertThat(obfuscate("SELECT \"Col1\", c2 FROM `t3` WHERE x = $1", POSTGRES, 200))
        .isEqualTo("SELECT \"Col1\", c2 FROM `t3` WHERE x = $1");
  }

  @Test
  void doubleQuotesAreStringsOnlyInMysql() {
    assertThat(obfuscate("SELECT \"secret\"", MYSQL, 200)).isEqualTo("SELECT ?");
    assertThat(obfuscate("SELECT \"secret\"", POSTGRES, 200)).isEqualTo("SELECT \"secret\"");
  }

  @Test
  void prefixedAndDollarQuotedStrings() {
    assertThat(obfuscate("SELECT E'a\\nb', X'ff', _utf8mb4'x', $$body$$, $f$x$f$", POSTGRES, 200))
        .isEqualTo("SELECT ?, ?, ?, ?, ?");
  }

  @Test
  void commentsAreDroppedAndSpacesCollapsed() {
    assertThat(obfuscate("/* user=alice */ SELECT\n\t1 -- card 4111\n", POSTGRES, 200))
        .isEqualTo("SELECT ?");
    assertThat(obfuscate("SELECT 1 # secret", MYSQL, 200)).isEqualTo("SELECT ?");
    assertThat(obfuscate("SELECT f(1 /* x */) , 'a' ;", MYSQL, 200)).isEqualTo("SELECT f(?), ?;");
  }

  @Test
  void textIsCutAndACutLiteralStillHidden() {
    assertThat(obfuscate("SELECT 'unterminated secret", MYSQL, 200)).isEqualTo("SELECT ?");
    assertThat(obfuscate("SELECT abcdefghij FROM t", MYSQL, 10)).isEqualTo("SELECT abc");
    assertThat(obfuscate(null, MYSQL, 10)).isNull();
  }
}
