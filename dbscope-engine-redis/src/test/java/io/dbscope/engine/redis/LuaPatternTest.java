package io.dbscope.engine.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;

/** Lua patterns as Lua's string.match reads them. */
class LuaPatternTest {
  private static String match(String lua, String s) {
    Matcher m = LuaPattern.compile(lua).matcher(s);
    return m.find() ? m.group() : null;
  }

  @Test
  void classesSetsAnchorsAndTheLazyDash() {
    assertThat(match("^(%a+):", "user:1")).isEqualTo("user:");
    assertThat(match("%d+", "ab12c")).isEqualTo("12");
    assertThat(match("%D+", "12ab3")).isEqualTo("ab");
    assertThat(match("^[%w_]+%.", "my_key.x")).isEqualTo("my_key.");
    assertThat(match("a.-b", "aXbYb")).isEqualTo("aXb");
    assertThat(match("[^:]+$", "a:b:c")).isEqualTo("c");
    assertThat(match("^x", "yx")).isNull();
    assertThat(match("a{b}|c", "a{b}|c")).isEqualTo("a{b}|c");
  }

  @Test
  void whatLuaHasAndJavaCannotRunIsRefused() {
    assertThatThrownBy(() -> LuaPattern.compile("%b()")).hasMessageContaining("%b");
    assertThatThrownBy(() -> LuaPattern.compile("[abc")).hasMessageContaining("not closed");
    assertThatThrownBy(() -> LuaPattern.compile("abc%")).hasMessageContaining("lone %");
  }
}
