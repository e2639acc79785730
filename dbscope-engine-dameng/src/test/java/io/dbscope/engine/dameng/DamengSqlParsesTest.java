package io.dbscope.engine.dameng;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.dbscope.core.definition.Definition;
import java.util.List;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.statement.select.Select;
import org.junit.jupiter.api.Test;

/**
 * Every built-in definition's SQL, and the slow SQL query, parses as one SELECT (JSqlParser, the
 * parser of dbscope's guard, which reads Oracle-style SQL). DM8's own parser has not seen them: no
 * DM8 server can be had here.
 */
class DamengSqlParsesTest {

  @Test
  void everyDefinitionIsOneSelect() {
    List<Definition> defs = new DamengEngine().definitions();
    assertThat(defs).hasSizeGreaterThanOrEqualTo(20);
    for (Definition d : defs) {
      assertThatCode(() -> assertThat(CCJSqlParserUtil.parse(d.query())).isInstanceOf(Select.class))
          .as(d.origin())
          .doesNotThrowAnyException();
    }
    assertThat(defs).allSatisfy(d -> assertThat(d.help()).isNotBlank());
  }

  @Test
  void theSlowSqlQueryAndTheConnectChecksParse() throws Exception {
    assertThat(CCJSqlParserUtil.parse(DamengSlowSqlCollector.QUERY)).isInstanceOf(Select.class);
  }
}
