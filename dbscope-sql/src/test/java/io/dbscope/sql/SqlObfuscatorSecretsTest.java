package io.dbscope.sql;

import static io.dbscope.sql.SqlDialect.MYSQL;
import static io.dbscope.sql.SqlDialect.POSTGRES;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Every password-bearing statement form of the PostgreSQL and MySQL/MariaDB manuals, well-formed,
 * malformed and cut short: the secret never appears in the normalized text, and the statement's
 * shape does. Secrets are spelled {@code S3cr3t…} so that no keyword or identifier contains them.
 */
class SqlObfuscatorSecretsTest {

  /** The normalized text, after checking that no {@code S3cr3t} survived in it. */
  private static String shown(String sql, SqlDialect dialect) {
    String out = SqlObfuscator.obfuscate(sql, dialect, 1000);
    assertThat(out).as("normalized %s", sql).doesNotContainIgnoringCase("S3cr3t");
    return out;
  }

  @Test
  void postgresRolePasswordsInEveryQuoting() {
    assertThat(shown("CREATE ROLE app LOGIN PASSWORD 'S3cr3t-a'", POSTGRES))
        .isEqualTo("CREATE ROLE app LOGIN PASSWORD ?");
    assertThat(
            shown(
                "CREATE USER app WITH ENCRYPTED PASSWORD 'S3cr3t' VALID UNTIL '2030-01-01'",
                POSTGRES))
        .isEqualTo("CREATE USER app WITH ENCRYPTED PASSWORD ? VALID UNTIL ?");
    assertThat(shown("ALTER ROLE app PASSWORD $$S3cr3t$$", POSTGRES))
        .isEqualTo("ALTER ROLE app PASSWORD ?");
    assertThat(shown("ALTER ROLE app PASSWORD $pw$S3cr3t'$x$$pw$ CONNECTION LIMIT 5", POSTGRES))
        .isEqualTo("ALTER ROLE app PASSWORD ? CONNECTION LIMIT ?");
    assertThat(shown("ALTER USER app PASSWORD E'S3cr3t\\' still secret S3cr3t'", POSTGRES))
        .isEqualTo("ALTER USER app PASSWORD ?");
    assertThat(shown("ALTER USER app PASSWORD e'S3cr3t\\\\' VALID UNTIL 'infinity'", POSTGRES))
        .isEqualTo("ALTER USER app PASSWORD ? VALID UNTIL ?");
    assertThat(shown("ALTER USER app PASSWORD U&'S3cr3t!0041' UESCAPE '!'", POSTGRES))
        .isEqualTo("ALTER USER app PASSWORD ? UESCAPE ?");
    assertThat(shown("ALTER USER app PASSWORD u&'\\0053\\0033cr3t'", POSTGRES))
        .isEqualTo("ALTER USER app PASSWORD ?");
    assertThat(shown("ALTER ROLE app PASSWORD 'SCRAM-SHA-256$4096:S3cr3t$abc:def'", POSTGRES))
        .isEqualTo("ALTER ROLE app PASSWORD ?");
    assertThat(shown("ALTER ROLE CURRENT_USER PASSWORD 'md5S3cr3t'", POSTGRES))
        .isEqualTo("ALTER ROLE CURRENT_USER PASSWORD ?");
    assertThat(shown("ALTER ROLE app PASSWORD NULL", POSTGRES))
        .isEqualTo("ALTER ROLE app PASSWORD NULL");
    assertThat(shown("CREATE GROUP ops WITH PASSWORD 'S3cr3t'", POSTGRES))
        .isEqualTo("CREATE GROUP ops WITH PASSWORD ?");
  }

  @Test
  void postgresBackslashesUnderEitherStringSetting() {
    // standard_conforming_strings = off: the backslash escapes the quote, the string goes on.
    assertThat(shown("ALTER ROLE app PASSWORD 'a\\' S3cr3t'", POSTGRES))
        .isEqualTo("ALTER ROLE app PASSWORD ?");
    // on (the default): the first string ends at the backslash, the second one is the secret.
    assertThat(
            shown(
                "CREATE USER MAPPING FOR app SERVER remote OPTIONS (user 'a\\', password 'S3cr3t')",
                POSTGRES))
        .isEqualTo("CREATE USER MAPPING FOR app SERVER remote OPTIONS (user ?");
    assertThat(shown("SELECT 'C:\\', 'S3cr3t', 1", POSTGRES)).isEqualTo("SELECT ?");
  }

  @Test
  void unicodeSpacesAndLettersAreClassedAsTheServerDoes() {
    // To PostgreSQL an em space is part of the identifier "x E": no E'' string starts here, so the
    // plain string's end depends on the backslash.
    assertThat(shown("SELECT x\u2003E'a\\', 'S3cr3t'", POSTGRES)).isEqualTo("SELECT x\u2003E?");
    assertThat(shown("ALTER ROLE app PASSWORD\u00a0'S3cr3t'", POSTGRES))
        .isEqualTo("ALTER ROLE app PASSWORD\u00a0?");
    assertThat(shown("SELECT \u0663\u0664, 'S3cr3t'", MYSQL)).isEqualTo("SELECT \u0663\u0664, ?");
  }

  @Test
  void postgresPasswordsThatAreNoLiteral() {
    assertThat(shown("ALTER ROLE app PASSWORD S3cr3t", POSTGRES))
        .isEqualTo("ALTER ROLE app PASSWORD ?");
    assertThat(shown("ALTER ROLE app PASSWORD \"S3cr3t\" LOGIN", POSTGRES))
        .isEqualTo("ALTER ROLE app PASSWORD ?");
    assertThat(shown("ALTER ROLE app PASSWORD E 'S3cr3t'", POSTGRES))
        .isEqualTo("ALTER ROLE app PASSWORD ?");
    assertThat(shown("ALTER ROLE app PASSWORD -S3cr3t", POSTGRES))
        .isEqualTo("ALTER ROLE app PASSWORD ?");
    assertThat(shown("ALTER ROLE app WITH PASSWORD /* hm */ S3cr3t", POSTGRES))
        .isEqualTo("ALTER ROLE app WITH PASSWORD ?");
  }

  @Test
  void postgresTextsCutShort() {
    assertThat(shown("CREATE ROLE app PASSWORD 'S3cr3t", POSTGRES))
        .isEqualTo("CREATE ROLE app PASSWORD ?");
    assertThat(shown("CREATE ROLE app PASSWORD E'S3cr3t\\", POSTGRES))
        .isEqualTo("CREATE ROLE app PASSWORD ?");
    assertThat(shown("CREATE ROLE app PASSWORD $$S3cr3t", POSTGRES))
        .isEqualTo("CREATE ROLE app PASSWORD ?");
    assertThat(shown("CREATE ROLE app PASSWORD $tag$S3cr3t $tag", POSTGRES))
        .isEqualTo("CREATE ROLE app PASSWORD ?");
    assertThat(shown("CREATE ROLE app PASSWORD U&'S3cr3t", POSTGRES))
        .isEqualTo("CREATE ROLE app PASSWORD ?");
    assertThat(shown("CREATE ROLE app PASSWORD U&", POSTGRES))
        .isEqualTo("CREATE ROLE app PASSWORD ?");
  }

  @Test
  void postgresConnectionStringsAndOptions() {
    assertThat(
            shown(
                "CREATE USER MAPPING FOR app SERVER remote OPTIONS (user 'bob', password 'S3cr3t')",
                POSTGRES))
        .isEqualTo("CREATE USER MAPPING FOR app SERVER remote OPTIONS (user ?, password ?)");
    assertThat(
            shown(
                "ALTER USER MAPPING FOR app SERVER remote OPTIONS (SET password 'S3cr3t')",
                POSTGRES))
        .isEqualTo("ALTER USER MAPPING FOR app SERVER remote OPTIONS (SET password ?)");
    assertThat(
            shown(
                "ALTER USER MAPPING FOR app SERVER remote OPTIONS (ADD password S3cr3t)", POSTGRES))
        .isEqualTo("ALTER USER MAPPING FOR app SERVER remote OPTIONS (ADD password ?");
    assertThat(shown("ALTER USER MAPPING FOR app SERVER remote OPTIONS (DROP password)", POSTGRES))
        .isEqualTo("ALTER USER MAPPING FOR app SERVER remote OPTIONS (DROP password)");
    assertThat(
            shown(
                "CREATE SERVER remote FOREIGN DATA WRAPPER postgres_fdw OPTIONS (host 'h',"
                    + " sslpassword 'S3cr3t')",
                POSTGRES))
        .isEqualTo(
            "CREATE SERVER remote FOREIGN DATA WRAPPER postgres_fdw OPTIONS (host ?, sslpassword"
                + " ?)");
    assertThat(shown("ALTER SERVER remote OPTIONS (SET password 'S3cr3t')", POSTGRES))
        .isEqualTo("ALTER SERVER remote OPTIONS (SET password ?)");
    assertThat(
            shown(
                "SELECT dblink_connect('c1', 'host=db user=app password=S3cr3t dbname=x')",
                POSTGRES))
        .isEqualTo("SELECT dblink_connect(?, ?)");
    assertThat(
            shown(
                "ALTER SYSTEM SET primary_conninfo = 'host=p user=rep password=S3cr3t'", POSTGRES))
        .isEqualTo("ALTER SYSTEM SET primary_conninfo = ?");
    assertThat(shown("ALTER SYSTEM SET ssl_passphrase_command TO 'echo S3cr3t'", POSTGRES))
        .isEqualTo("ALTER SYSTEM SET ssl_passphrase_command TO ?");
    assertThat(
            shown(
                "CREATE SUBSCRIPTION s CONNECTION 'host=p password=S3cr3t' PUBLICATION pub",
                POSTGRES))
        .isEqualTo("CREATE SUBSCRIPTION s CONNECTION ? PUBLICATION pub");
    assertThat(shown("SELECT pgp_sym_decrypt(data, 'S3cr3t') FROM t", POSTGRES))
        .isEqualTo("SELECT pgp_sym_decrypt(data, ?) FROM t");
    assertThat(shown("DO $$BEGIN EXECUTE 'ALTER ROLE x PASSWORD ''S3cr3t'''; END$$", POSTGRES))
        .isEqualTo("DO ?");
  }

  @Test
  void mysqlIdentifiedByInEveryForm() {
    assertThat(shown("CREATE USER 'app'@'%' IDENTIFIED BY 'S3cr3t'", MYSQL))
        .isEqualTo("CREATE USER ?@? IDENTIFIED BY ?");
    assertThat(shown("CREATE USER IF NOT EXISTS app IDENTIFIED BY \"S3cr3t\"", MYSQL))
        .isEqualTo("CREATE USER IF NOT EXISTS app IDENTIFIED BY ?");
    assertThat(shown("CREATE OR REPLACE USER app IDENTIFIED BY PASSWORD '*94BDS3cr3t'", MYSQL))
        .isEqualTo("CREATE OR REPLACE USER app IDENTIFIED BY PASSWORD ?");
    assertThat(
            shown(
                "ALTER USER app IDENTIFIED BY 'S3cr3t-new' REPLACE 'S3cr3t-old' RETAIN CURRENT"
                    + " PASSWORD",
                MYSQL))
        .isEqualTo("ALTER USER app IDENTIFIED BY ? REPLACE ? RETAIN CURRENT PASSWORD");
    assertThat(shown("CREATE USER a IDENTIFIED BY 'S3cr3t-1', b IDENTIFIED BY 'S3cr3t-2'", MYSQL))
        .isEqualTo("CREATE USER a IDENTIFIED BY ?, b IDENTIFIED BY ?");
    assertThat(
            shown(
                "CREATE USER app IDENTIFIED WITH caching_sha2_password BY 'S3cr3t' PASSWORD"
                    + " EXPIRE INTERVAL 90 DAY PASSWORD HISTORY 5 PASSWORD REUSE INTERVAL 365 DAY"
                    + " PASSWORD REQUIRE CURRENT OPTIONAL FAILED_LOGIN_ATTEMPTS 3"
                    + " PASSWORD_LOCK_TIME 2",
                MYSQL))
        .isEqualTo(
            "CREATE USER app IDENTIFIED WITH caching_sha2_password BY ? PASSWORD EXPIRE INTERVAL"
                + " ? DAY PASSWORD HISTORY ? PASSWORD REUSE INTERVAL ? DAY PASSWORD REQUIRE"
                + " CURRENT OPTIONAL FAILED_LOGIN_ATTEMPTS ? PASSWORD_LOCK_TIME ?");
    assertThat(shown("ALTER USER app IDENTIFIED WITH mysql_native_password AS '*S3cr3t'", MYSQL))
        .isEqualTo("ALTER USER app IDENTIFIED WITH mysql_native_password AS ?");
    assertThat(shown("ALTER USER app IDENTIFIED WITH 'sha256_password' BY 'S3cr3t'", MYSQL))
        .isEqualTo("ALTER USER app IDENTIFIED WITH ? BY ?");
    assertThat(shown("CREATE USER app IDENTIFIED BY RANDOM PASSWORD", MYSQL))
        .isEqualTo("CREATE USER app IDENTIFIED BY RANDOM PASSWORD");
    assertThat(
            shown(
                "CREATE USER app IDENTIFIED BY 'S3cr3t' AND IDENTIFIED WITH authentication_fido"
                    + " INITIAL AUTHENTICATION IDENTIFIED BY 'S3cr3t-2'",
                MYSQL))
        .isEqualTo(
            "CREATE USER app IDENTIFIED BY ? AND IDENTIFIED WITH authentication_fido INITIAL"
                + " AUTHENTICATION IDENTIFIED BY ?");
    assertThat(shown("ALTER USER app MODIFY 2 FACTOR IDENTIFIED BY 'S3cr3t'", MYSQL))
        .isEqualTo("ALTER USER app MODIFY ? FACTOR IDENTIFIED BY ?");
    assertThat(shown("ALTER USER app DISCARD OLD PASSWORD", MYSQL))
        .isEqualTo("ALTER USER app DISCARD OLD PASSWORD");
    assertThat(shown("CREATE USER password IDENTIFIED BY 'S3cr3t'", MYSQL))
        .isEqualTo("CREATE USER password IDENTIFIED BY ?");
  }

  @Test
  void mariadbIdentifiedVia() {
    assertThat(
            shown(
                "CREATE USER app IDENTIFIED VIA mysql_native_password USING PASSWORD('S3cr3t')",
                MYSQL))
        .isEqualTo("CREATE USER app IDENTIFIED VIA mysql_native_password USING PASSWORD(?)");
    assertThat(
            shown(
                "ALTER USER app IDENTIFIED VIA ed25519 USING PASSWORD('S3cr3t') OR unix_socket",
                MYSQL))
        .isEqualTo("ALTER USER app IDENTIFIED VIA ed25519 USING PASSWORD(?) OR unix_socket");
    assertThat(
            shown(
                "CREATE USER app IDENTIFIED VIA unix_socket OR mysql_native_password USING"
                    + " '*S3cr3t'",
                MYSQL))
        .isEqualTo("CREATE USER app IDENTIFIED VIA unix_socket OR mysql_native_password USING ?");
    assertThat(shown("CREATE USER app IDENTIFIED WITH ed25519 AS PASSWORD('S3cr3t')", MYSQL))
        .isEqualTo("CREATE USER app IDENTIFIED WITH ed25519 AS PASSWORD(?)");
  }

  @Test
  void mysqlSetPasswordAndGrant() {
    assertThat(shown("SET PASSWORD FOR 'app'@'%' = PASSWORD('S3cr3t')", MYSQL))
        .isEqualTo("SET PASSWORD FOR ?@? = PASSWORD(?)");
    assertThat(shown("SET PASSWORD FOR app = 'S3cr3t' REPLACE 'S3cr3t-old'", MYSQL))
        .isEqualTo("SET PASSWORD FOR app = ? REPLACE ?");
    assertThat(shown("SET PASSWORD = OLD_PASSWORD('S3cr3t')", MYSQL))
        .isEqualTo("SET PASSWORD = OLD_PASSWORD(?)");
    assertThat(shown("SET PASSWORD = PASSWORD(CONCAT('S3cr3t', 'x'))", MYSQL))
        .isEqualTo("SET PASSWORD = PASSWORD(?)");
    assertThat(shown("SET PASSWORD TO RANDOM", MYSQL)).isEqualTo("SET PASSWORD TO RANDOM");
    assertThat(shown("SET PASSWORD FOR app = S3cr3t", MYSQL)).isEqualTo("SET PASSWORD FOR app = ?");
    assertThat(
            shown(
                "GRANT SELECT ON db.* TO 'app'@'localhost' IDENTIFIED BY 'S3cr3t' WITH GRANT"
                    + " OPTION",
                MYSQL))
        .isEqualTo("GRANT SELECT ON db.* TO ?@? IDENTIFIED BY ? WITH GRANT OPTION");
    assertThat(shown("GRANT SELECT (password, name) ON db.users TO app", MYSQL))
        .isEqualTo("GRANT SELECT (password, name) ON db.users TO app");
  }

  @Test
  void mysqlReplicationAndServers() {
    assertThat(
            shown(
                "CHANGE MASTER TO MASTER_HOST='primary', MASTER_USER='rep',"
                    + " MASTER_PASSWORD='S3cr3t', MASTER_PORT=3306",
                MYSQL))
        .isEqualTo(
            "CHANGE MASTER TO MASTER_HOST=?, MASTER_USER=?, MASTER_PASSWORD=?, MASTER_PORT=?");
    assertThat(shown("CHANGE MASTER 'm2' TO MASTER_PASSWORD = S3cr3t, MASTER_PORT=1", MYSQL))
        .isEqualTo("CHANGE MASTER ? TO MASTER_PASSWORD = ?");
    assertThat(
            shown(
                "CHANGE REPLICATION SOURCE TO SOURCE_USER='rep', SOURCE_PASSWORD='S3cr3t'", MYSQL))
        .isEqualTo("CHANGE REPLICATION SOURCE TO SOURCE_USER=?, SOURCE_PASSWORD=?");
    assertThat(shown("START SLAVE USER='rep' PASSWORD='S3cr3t' DEFAULT_AUTH='x'", MYSQL))
        .isEqualTo("START SLAVE USER=? PASSWORD=? DEFAULT_AUTH=?");
    assertThat(shown("START REPLICA USER='rep' PASSWORD=S3cr3t", MYSQL))
        .isEqualTo("START REPLICA USER=? PASSWORD=?");
    assertThat(shown("START GROUP_REPLICATION USER='rep', PASSWORD='S3cr3t'", MYSQL))
        .isEqualTo("START GROUP_REPLICATION USER=?, PASSWORD=?");
    assertThat(
            shown(
                "CREATE SERVER s FOREIGN DATA WRAPPER mysql OPTIONS (USER 'u', PASSWORD 'S3cr3t',"
                    + " HOST 'h', PORT 3306)",
                MYSQL))
        .isEqualTo(
            "CREATE SERVER s FOREIGN DATA WRAPPER mysql OPTIONS (USER ?, PASSWORD ?, HOST ?, PORT"
                + " ?)");
    assertThat(shown("ALTER SERVER s OPTIONS (PASSWORD 'S3cr3t')", MYSQL))
        .isEqualTo("ALTER SERVER s OPTIONS (PASSWORD ?)");
  }

  @Test
  void mysqlFunctionsAndLiteralForms() {
    assertThat(shown("SELECT AES_ENCRYPT('text', 'S3cr3t'), AES_DECRYPT(c, \"S3cr3t\")", MYSQL))
        .isEqualTo("SELECT AES_ENCRYPT(?, ?), AES_DECRYPT(c, ?)");
    assertThat(shown("SELECT DES_ENCRYPT('x', 'S3cr3t'), ENCODE('x', 'S3cr3t')", MYSQL))
        .isEqualTo("SELECT DES_ENCRYPT(?, ?), ENCODE(?, ?)");
    assertThat(
            shown(
                "SELECT _utf8mb4'S3cr3t', _latin1\"S3cr3t\", N'S3cr3t', X'533363', b'0101',"
                    + " 0x533363, 0b01",
                MYSQL))
        .isEqualTo("SELECT ?, ?, ?, ?, ?, ?, ?");
    assertThat(shown("UPDATE mysql.user SET authentication_string = PASSWORD('S3cr3t')", MYSQL))
        .isEqualTo("UPDATE mysql.user SET authentication_string = PASSWORD(?)");
  }

  @Test
  void mysqlBackslashesUnderEitherMode() {
    // MySQL's default: the backslash escapes the quote.
    assertThat(shown("CREATE USER app IDENTIFIED BY 'a\\'S3cr3t'", MYSQL))
        .isEqualTo("CREATE USER app IDENTIFIED BY ?");
    // NO_BACKSLASH_ESCAPES: the first password ends at the backslash.
    assertThat(shown("CREATE USER a IDENTIFIED BY 'x\\', b IDENTIFIED BY 'S3cr3t'", MYSQL))
        .isEqualTo("CREATE USER a IDENTIFIED BY ?");
    assertThat(shown("SELECT \"x\\\", \"S3cr3t\"", MYSQL)).isEqualTo("SELECT ?");
    assertThat(shown("SELECT 'it''s', 'S3cr3t\\\\'", MYSQL)).isEqualTo("SELECT ?, ?");
  }

  @Test
  void mysqlPasswordsThatAreNoLiteral() {
    assertThat(shown("CREATE USER app IDENTIFIED BY S3cr3t", MYSQL))
        .isEqualTo("CREATE USER app IDENTIFIED BY ?");
    assertThat(shown("CREATE USER app IDENTIFIED BY `S3cr3t`", MYSQL))
        .isEqualTo("CREATE USER app IDENTIFIED BY ?");
    assertThat(shown("CREATE USER app IDENTIFIED BY 'S3cr3t", MYSQL))
        .isEqualTo("CREATE USER app IDENTIFIED BY ?");
    assertThat(shown("CREATE USER app IDENTIFIED VIA ed25519 USING PASSWORD('S3cr3t", MYSQL))
        .isEqualTo("CREATE USER app IDENTIFIED VIA ed25519 USING PASSWORD(?");
  }

  @Test
  void mysqlCommentsThatAreNotComments() {
    // "--" without a space is two minus signs to MySQL: the string that follows is a string.
    assertThat(shown("SELECT 1 --'\nS3cr3t'", MYSQL)).isEqualTo("SELECT ? --?");
    // An executable comment is run, so it is read as SQL.
    assertThat(shown("/*!80000 CREATE USER app IDENTIFIED BY S3cr3t */", MYSQL))
        .isEqualTo("CREATE USER app IDENTIFIED BY ?");
    assertThat(shown("/*!50000 SELECT '*/', 'S3cr3t' */", MYSQL)).isEqualTo("SELECT ?, ?");
    // MySQL has no dollar quotes: "$a$" is an identifier, the quotes around the secret are not.
    assertThat(shown("SELECT $a$, 'x $a$ S3cr3t'", MYSQL)).isEqualTo("SELECT $a$, ?");
  }

  @Test
  void passwordColumnsOfOrdinaryStatementsStay() {
    assertThat(shown("SELECT id, password FROM users WHERE email = $1", POSTGRES))
        .isEqualTo("SELECT id, password FROM users WHERE email = $1");
    assertThat(
            shown(
                "UPDATE users SET encrypted_password = $1 WHERE a.password = b.password", POSTGRES))
        .isEqualTo("UPDATE users SET encrypted_password = $1 WHERE a.password = b.password");
    assertThat(shown("CREATE TABLE users (id int, password text)", POSTGRES))
        .isEqualTo("CREATE TABLE users (id int, password text)");
    assertThat(shown("SELECT `password` FROM `users` WHERE `id` = ?", MYSQL))
        .isEqualTo("SELECT `password` FROM `users` WHERE `id` = ?");
    assertThat(shown("SELECT identified FROM t WHERE id = ?", MYSQL))
        .isEqualTo("SELECT identified FROM t WHERE id = ?");
  }

  @Test
  void serverNormalizedTextsKeepTheirShape() {
    assertThat(shown("CREATE SYSTEM_USER ? @? IDENTIFIED BY ? ", MYSQL))
        .isEqualTo("CREATE SYSTEM_USER ? @? IDENTIFIED BY ?");
    assertThat(shown("SET PASSWORD FOR ? @? = PASSWORD (?) ", MYSQL))
        .isEqualTo("SET PASSWORD FOR ? @? = PASSWORD (?)");
    assertThat(shown("CHANGE MASTER TO MASTER_HOST = ? , MASTER_PASSWORD = ? ", MYSQL))
        .isEqualTo("CHANGE MASTER TO MASTER_HOST = ?, MASTER_PASSWORD = ?");
    assertThat(shown("ALTER SYSTEM SET primary_conninfo = $1", POSTGRES))
        .isEqualTo("ALTER SYSTEM SET primary_conninfo = $1");
  }

  @Test
  void statementsAfterASemicolonAreJudgedOnTheirOwn() {
    assertThat(shown("SELECT password FROM t; ALTER ROLE app PASSWORD S3cr3t", POSTGRES))
        .isEqualTo("SELECT password FROM t; ALTER ROLE app PASSWORD ?");
    assertThat(shown("ALTER ROLE app PASSWORD 'S3cr3t'; SELECT password FROM t", POSTGRES))
        .isEqualTo("ALTER ROLE app PASSWORD ?; SELECT password FROM t");
  }

  /** The examples of docs/query-analytics.md, "Normalized texts". */
  @Test
  void theDocumentedExamples() {
    assertThat(shown("ALTER ROLE app PASSWORD 'S3cr3t' VALID UNTIL '2030-01-01'", POSTGRES))
        .isEqualTo("ALTER ROLE app PASSWORD ? VALID UNTIL ?");
    assertThat(shown("SET PASSWORD FOR 'app'@'%' = PASSWORD('S3cr3t')", MYSQL))
        .isEqualTo("SET PASSWORD FOR ?@? = PASSWORD(?)");
    assertThat(shown("CHANGE MASTER TO MASTER_HOST='h', MASTER_PASSWORD=S3cr3t", MYSQL))
        .isEqualTo("CHANGE MASTER TO MASTER_HOST=?, MASTER_PASSWORD=?");
    for (SqlDialect d : SqlDialect.builtIn()) {
      assertThat(shown("SELECT * FROM t WHERE name = 'bob' AND id = 42 -- from web", d))
          .isEqualTo("SELECT * FROM t WHERE name = ? AND id = ?");
    }
    assertThat(shown("CREATE USER a IDENTIFIED BY 'x\\', b IDENTIFIED BY 'S3cr3t'", MYSQL))
        .isEqualTo("CREATE USER a IDENTIFIED BY ?");
  }
}
