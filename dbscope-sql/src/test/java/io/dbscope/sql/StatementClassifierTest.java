package io.dbscope.sql;

import static io.dbscope.sql.StatementClassifier.classify;
import static io.dbscope.sql.StatementKind.OTHER;
import static io.dbscope.sql.StatementKind.READ;
import static io.dbscope.sql.StatementKind.WRITE;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StatementClassifierTest {

  @Test
  void readsByLeadingKeyword() {
    assertThat(classify("SELECT $1")).isEqualTo(READ);
    assertThat(classify("select * from t where id = ?")).isEqualTo(READ);
    assertThat(classify("SHOW TABLES")).isEqualTo(READ);
    assertThat(classify("VALUES ($1), ($2)")).isEqualTo(READ);
    assertThat(classify("TABLE pg_class")).isEqualTo(READ);
    assertThat(classify("EXPLAIN ANALYZE INSERT INTO t VALUES ($1)")).isEqualTo(READ);
    assertThat(classify("DESCRIBE `t`")).isEqualTo(READ);
    assertThat(classify("SELECT * FROM t FOR UPDATE")).isEqualTo(READ);
  }

  @Test
  void writesByLeadingKeyword() {
    assertThat(classify("INSERT INTO t VALUES ($1)")).isEqualTo(WRITE);
    assertThat(classify("update t set a = $1")).isEqualTo(WRITE);
    assertThat(classify("DELETE FROM `t` WHERE `id` = ?")).isEqualTo(WRITE);
    assertThat(classify("MERGE INTO t USING s ON t.id = s.id WHEN MATCHED THEN DELETE"))
        .isEqualTo(WRITE);
    assertThat(classify("REPLACE INTO t VALUES (?)")).isEqualTo(WRITE);
    assertThat(classify("LOAD DATA INFILE ? INTO TABLE t")).isEqualTo(WRITE);
  }

  @Test
  void copyDependsOnDirection() {
    assertThat(classify("COPY t (a, b) FROM STDIN")).isEqualTo(WRITE);
    assertThat(classify("COPY t TO STDOUT")).isEqualTo(READ);
    assertThat(classify("COPY (SELECT a FROM t) TO STDOUT")).isEqualTo(READ);
  }

  @Test
  void commentsAndParenthesesAreSkipped() {
    assertThat(classify("/* app: checkout */ SELECT 1")).isEqualTo(READ);
    assertThat(classify("-- note\n  INSERT INTO t VALUES (1)")).isEqualTo(WRITE);
    assertThat(classify("/* outer /* nested */ still */ DELETE FROM t")).isEqualTo(WRITE);
    assertThat(classify("((SELECT 1) UNION (SELECT 2))")).isEqualTo(READ);
    assertThat(classify("  \n\t(SELECT 1)")).isEqualTo(READ);
  }

  @Test
  void withDependsOnEveryStatementInIt() {
    assertThat(classify("WITH x AS (SELECT 1) SELECT * FROM x")).isEqualTo(READ);
    assertThat(
            classify("WITH RECURSIVE r(n) AS (VALUES (1) UNION ALL SELECT n + 1 FROM r) TABLE r"))
        .isEqualTo(READ);
    assertThat(classify("WITH x AS (SELECT 1) INSERT INTO t SELECT * FROM x")).isEqualTo(WRITE);
    assertThat(classify("WITH d AS (DELETE FROM t RETURNING *) SELECT count(*) FROM d"))
        .isEqualTo(WRITE);
    assertThat(classify("WITH x AS MATERIALIZED (SELECT * FROM t FOR NO KEY UPDATE) SELECT 1"))
        .isEqualTo(READ);
    assertThat(classify("WITH x AS (SELECT 'update' AS \"delete\") SELECT * FROM x"))
        .isEqualTo(READ);
  }

  @Test
  void everythingElseIsOther() {
    assertThat(classify("BEGIN")).isEqualTo(OTHER);
    assertThat(classify("COMMIT")).isEqualTo(OTHER);
    assertThat(classify("SET search_path = $1")).isEqualTo(OTHER);
    assertThat(classify("CREATE TABLE t (id int)")).isEqualTo(OTHER);
    assertThat(classify("TRUNCATE t")).isEqualTo(OTHER);
    assertThat(classify("CALL p()")).isEqualTo(OTHER);
    assertThat(classify("LOAD 'auto_explain'")).isEqualTo(OTHER);
    assertThat(classify("")).isEqualTo(OTHER);
    assertThat(classify(null)).isEqualTo(OTHER);
    assertThat(classify("$1")).isEqualTo(OTHER);
    assertThat(classify("'SELECT'")).isEqualTo(OTHER);
  }
}
