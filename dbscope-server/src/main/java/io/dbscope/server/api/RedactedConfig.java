package io.dbscope.server.api;

import io.dbscope.core.config.DbscopeConfig;
import io.dbscope.core.config.EngineOptions;
import io.dbscope.core.config.Secret;
import java.lang.reflect.RecordComponent;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The running configuration as {@code GET /api/v1/config} serves it: every validated field, walked
 * from the config records themselves (so a new key shows without code here), with every secret
 * written as {@code ******}: {@link Secret} values, URL credentials and password parameters, and
 * any string field whose name says password, secret or token.
 */
public final class RedactedConfig {
  static final String MASK = "******";
  private static final Pattern SECRET_NAME =
      Pattern.compile("(?i).*(password|passwd|pwd|secret|token).*");
  private static final Pattern URL_PASSWORD =
      Pattern.compile("(?i)([?&;](password|pwd|secret|token)=)[^&;]*");

  private RedactedConfig() {}

  public static Map<String, Object> of(DbscopeConfig config) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("source", config.source().map(Path::toString).orElse(null));
    out.put("global", value("global", config.global()));
    List<Object> ds = new ArrayList<>();
    config.datasources().forEach(d -> ds.add(value("datasource", d)));
    out.put("datasources", ds);
    return out;
  }

  private static Object value(String name, Object v) {
    return switch (v) {
      case null -> null;
      case Secret s -> s.isEmpty() ? "" : MASK;
      case Optional<?> o -> o.map(x -> value(name, x)).orElse(null);
      case URI u -> redact(u);
      case Path p -> p.toString();
      case Duration d -> d.toString();
      case Enum<?> e -> e.name().toLowerCase(Locale.ROOT);
      case EngineOptions o -> value(name, o.written());
      case String s -> SECRET_NAME.matcher(name).matches() && !s.isEmpty() ? MASK : s;
      case Number n -> n;
      case Boolean b -> b;
      case Map<?, ?> m -> {
        Map<String, Object> out = new LinkedHashMap<>();
        m.forEach((k, x) -> out.put(String.valueOf(k), value(String.valueOf(k), x)));
        yield out;
      }
      case Collection<?> c -> c.stream().map(x -> value(name, x)).toList();
      case Record r -> {
        Map<String, Object> out = new LinkedHashMap<>();
        for (RecordComponent rc : r.getClass().getRecordComponents()) {
          try {
            out.put(rc.getName(), value(rc.getName(), rc.getAccessor().invoke(r)));
          } catch (ReflectiveOperationException e) {
            out.put(rc.getName(), null);
          }
        }
        yield out;
      }
      // Anything else is shown by its text, masked if its name says secret.
      default -> SECRET_NAME.matcher(name).matches() ? MASK : v.toString();
    };
  }

  private static String redact(URI u) {
    String s = u.toString();
    if (u.getRawUserInfo() != null) {
      int colon = u.getRawUserInfo().indexOf(':');
      if (colon >= 0) {
        s = s.replace(u.getRawUserInfo(), u.getRawUserInfo().substring(0, colon + 1) + MASK);
      }
    }
    return URL_PASSWORD.matcher(s).replaceAll("$1" + MASK);
  }
}
