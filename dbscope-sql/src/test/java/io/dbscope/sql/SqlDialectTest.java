package io.dbscope.sql;

import static io.dbscope.sql.SqlObfuscator.obfuscate;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dbscope.sql.LexicalRules.Backslash;
import io.dbscope.sql.LexicalRules.DoubleQuote;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Dialects are data: the built-in ones are files, a new one is a file (ansi here, and one from the
 * test class path as an engine's jar would bring it), and a broken file says what is wrong.
 */
class SqlDialectTest {
  private final AllowedFunctions allowed = new AllowedFunctions();

  @Test
  void builtInDialectsAreFoundByName() {
    assertThat(SqlDialect.builtIn())
        .extracting(SqlDialect::name)
        .containsExactly("postgres", "mysql", "neutral", "ansi");
    for (SqlDialect d : SqlDialect.builtIn()) {
      assertThat(SqlDialect.named(d.name())).isSameAs(d);
    }
    assertThat(SqlDialect.POSTGRES.server()).isEqualTo("PostgreSQL");
    assertThat(SqlDialect.MYSQL.server()).isEqualTo("MySQL and MariaDB");
  }

  @Test
  void neutralIsTheStrictestReadingOfPostgresAndMysql() {
    LexicalRules lexical = SqlDialect.NEUTRAL.lexical();
    assertThat(lexical.doubleQuote()).isEqualTo(DoubleQuote.STRING);
    assertThat(lexical.backslash()).isEqualTo(Backslash.SESSION);
    assertThat(lexical.hashComments()).isTrue();
    assertThat(lexical.dashNeedsSpace()).isFalse();
    assertThat(lexical.nestedComments()).isTrue();
    assertThat(lexical.executableComments()).isFalse();
    assertThat(lexical.escapePrefix()).isFalse();
    assertThat(lexical.unicodePrefix()).isFalse();

    CallRules calls = SqlDialect.NEUTRAL.calls();
    assertThat(calls.folding()).isEqualTo(NameFolding.LOWER);
    assertThat(calls.builtInSchema()).isEmpty();
    assertThat(calls.syntaxWords()).isEmpty();
    assertThat(calls.schemaOperators()).isFalse();
    assertThat(calls.attributeCalls()).isTrue();
    assertThat(calls.shadowingServers()).isEqualTo("MySQL and MariaDB");

    assertThat(obfuscate("SELECT \"x\", a # 'S3cr3t'\n, b --c", SqlDialect.NEUTRAL, 200))
        .isEqualTo("SELECT ?, a, b");
  }

  @Test
  void ansiIsOnlyAFileAndReadsStandardSql() {
    SqlDialect ansi = SqlDialect.named("ansi");
    assertThat(ansi).isSameAs(SqlDialect.ANSI);
    // No backslash escapes: the string ends at the quote, and what follows is still read.
    assertThat(obfuscate("SELECT \"Col\" FROM t WHERE a = 'C:\\' AND b = 'S3cr3t'", ansi, 200))
        .isEqualTo("SELECT \"Col\" FROM t WHERE a = ? AND b = ?");
    assertThat(
            obfuscate(
                "SELECT \"Col\" FROM t WHERE a = 'C:\\' AND b = 'S3cr3t'",
                SqlDialect.POSTGRES,
                200))
        .isEqualTo("SELECT \"Col\" FROM t WHERE a = ?");
    assertThat(obfuscate("SELECT a # b FROM t --x", ansi, 200)).isEqualTo("SELECT a # b FROM t");
    assertThat(StatementClassifier.classify("/* a /* b */ c */ DELETE FROM t", ansi))
        .isEqualTo(StatementKind.WRITE);
  }

  @Test
  void ansiFoldsUnquotedNamesToUpperCase() {
    SqlDialect ansi = SqlDialect.ANSI;
    assertThat(allowed.builtInNames(ansi)).contains("UPPER", "COUNT", "COALESCE");
    assertThat(refusal("upper", ansi)).isEmpty();
    assertThat(refusal("Upper", ansi)).isEmpty();
    assertThat(refusal("\"UPPER\"", ansi)).isEmpty();
    assertThat(refusal("\"upper\"", ansi))
        .hasValueSatisfying(r -> assertThat(r).contains("read-only on standard SQL"));
    assertThat(refusal("information_schema.upper", ansi))
        .hasValue(
            "function information_schema.upper is not an allowed function: a name qualified with"
                + " a schema runs only when allowedFunctions names it exactly");
    assertThat(
            new AllowedFunctions(List.of("my_func"))
                .refusal(FunctionName.parse("MY_FUNC").orElseThrow(), ansi, true))
        .isEmpty();
  }

  @Test
  void anEngineBringsItsDialectAsAFileOnTheClassPath() {
    SqlDialect oracle = SqlDialect.named("oracle-like");
    assertThat(oracle.server()).isEqualTo("an Oracle-like server");
    assertThat(obfuscate("SELECT \"Name\", 'it''s \\' , x FROM dual -- c", oracle, 200))
        .isEqualTo("SELECT \"Name\", ?, x FROM dual");
    // Comments do not nest: the first */ ends it.
    assertThat(StatementClassifier.classify("/* a /* b */ DELETE FROM t", oracle))
        .isEqualTo(StatementKind.WRITE);
    assertThat(StatementClassifier.classify("/* a /* b */ DELETE FROM t", SqlDialect.POSTGRES))
        .isEqualTo(StatementKind.OTHER);
    assertThat(refusal("to_char", oracle)).isEmpty();
    assertThat(refusal("SYS.TO_CHAR", oracle)).isEmpty();
    assertThat(refusal("sys.to_char", oracle)).isEmpty();
    assertThat(refusal("\"sys\".to_char", oracle))
        .hasValueSatisfying(r -> assertThat(r).contains("other than sys"));
    assertThat(refusal("upper", oracle))
        .hasValueSatisfying(r -> assertThat(r).contains("read-only on an Oracle-like server"));
  }

  @Test
  void aStrictestDialectCombinesAnyDialectsByName() {
    SqlDialect both = SqlDialect.named("strictest-test");
    assertThat(both.lexical().backslash()).isEqualTo(Backslash.NEVER);
    assertThat(both.lexical().nestedComments()).isTrue();
    assertThat(both.calls().folding()).isEqualTo(NameFolding.UPPER);
    assertThat(both.calls().builtInSchema()).isEmpty();
    assertThat(allowed.builtInNames(both)).isEmpty();
  }

  @Test
  void aBrokenDialectFileSaysWhatIsWrong() {
    assertThatThrownBy(() -> SqlDialect.named("typo-key"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("io/dbscope/sql/dialects/typo-key.properties")
        .hasMessageContaining("key comments.nestde: unknown key");
    assertThatThrownBy(() -> SqlDialect.named("missing-key"))
        .hasMessageContaining("key calls.attributeCalls: missing");
    assertThatThrownBy(() -> SqlDialect.named("bad-value"))
        .hasMessageContaining(
            "key names.fold: one of [lower, upper, insensitive, exact], not 'upcase'");
    assertThatThrownBy(() -> SqlDialect.named("no-such"))
        .hasMessage(
            "no SQL dialect 'no-such': io/dbscope/sql/dialects/no-such.properties is not on the"
                + " class path");
    assertThatThrownBy(() -> SqlDialect.named("../postgres"))
        .hasMessageContaining("lower-case letters, digits");
    assertThatThrownBy(() -> SqlDialect.named("cycle-a"))
        .hasMessage(
            "SQL dialect cycle-a: strictestOf goes round in a circle: cycle-a -> cycle-b ->"
                + " cycle-a");
  }

  @Test
  void namesFoldAsTheServerComparesThem() {
    assertThat(NameFolding.LOWER.fold("Count", false)).isEqualTo("count");
    assertThat(NameFolding.LOWER.fold("Count", true)).isEqualTo("Count");
    assertThat(NameFolding.UPPER.fold("Count", false)).isEqualTo("COUNT");
    assertThat(NameFolding.INSENSITIVE.fold("Count", true)).isEqualTo("count");
    assertThat(NameFolding.EXACT.fold("Count", false)).isEqualTo("Count");
    assertThat(NameFolding.strictest(List.of(NameFolding.LOWER, NameFolding.INSENSITIVE)))
        .isEqualTo(NameFolding.LOWER);
    assertThat(NameFolding.strictest(List.of(NameFolding.LOWER, NameFolding.UPPER)))
        .isEqualTo(NameFolding.EXACT);
  }

  private java.util.Optional<String> refusal(String name, SqlDialect dialect) {
    return allowed.refusal(FunctionName.parse(name).orElseThrow(), dialect, true);
  }
}
