package io.dbscope.engine.redis;

import io.dbscope.core.definition.ServerVersion;
import io.dbscope.core.engine.ServerFacts;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Server facts from an INFO reply: {@code redis_version}; {@code role} ({@code master} is {@code
 * PRIMARY}, {@code slave} is {@code REPLICA}); the names of loaded modules ({@code
 * module:name=search,...} lines), which definitions can require with {@code tags:
 * [extension:search]}; and the start time ({@link InfoText#START_TIME}), whole seconds, so that it
 * only changes when the server restarts.
 */
final class RedisFacts {
  private RedisFacts() {}

  static ServerFacts of(InfoText info) {
    String versionText = info.value("redis_version").orElse("");
    ServerVersion version;
    try {
      version = ServerVersion.parse(versionText);
    } catch (IllegalArgumentException e) {
      version = ServerVersion.UNKNOWN;
    }
    ServerFacts.Role role =
        switch (info.value("role").orElse("")) {
          case "master" -> ServerFacts.Role.PRIMARY;
          case "slave", "replica" -> ServerFacts.Role.REPLICA;
          default -> ServerFacts.Role.UNKNOWN;
        };
    Set<String> modules = new LinkedHashSet<>();
    for (InfoText.Line l : info.lines()) {
      if (l.section().equals("modules") && l.key().equals("module") && l.isRecord()) {
        String name = l.fields().get("name");
        if (name != null) {
          modules.add(name);
        }
      }
    }
    Optional<Instant> start =
        info.value(InfoText.START_TIME).map(s -> Instant.ofEpochSecond(Long.parseLong(s)));
    return new ServerFacts(versionText, version, role, modules, start);
  }
}
