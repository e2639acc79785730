package io.dbscope.engine.mongodb;

import io.dbscope.core.definition.ServerVersion;
import io.dbscope.core.engine.ServerFacts;
import java.util.Optional;
import java.util.Set;
import org.bson.Document;

/**
 * Server facts from a serverStatus reply: {@code version}; the role from {@code repl} (a writable
 * primary or a standalone {@code mongod} is {@code PRIMARY}, a secondary {@code REPLICA}, a router
 * or an arbiter {@code UNKNOWN}). No start time: serverStatus gives {@code uptime}, and a start
 * computed from it would jitter by a second between reads and look like a restart.
 */
final class MongoFacts {
  private MongoFacts() {}

  static ServerFacts of(Document serverStatus) {
    String versionText = String.valueOf(serverStatus.getOrDefault("version", ""));
    ServerVersion version;
    try {
      version = ServerVersion.parse(versionText);
    } catch (IllegalArgumentException e) {
      version = ServerVersion.UNKNOWN;
    }
    Topology t = Topology.of(serverStatus);
    ServerFacts.Role role =
        switch (t.role()) {
          case "mongod" -> ServerFacts.Role.PRIMARY;
          case "shardsvr" ->
              switch (t.state()) {
                case "1" -> ServerFacts.Role.PRIMARY;
                case "2" -> ServerFacts.Role.REPLICA;
                default -> ServerFacts.Role.UNKNOWN;
              };
          default -> ServerFacts.Role.UNKNOWN;
        };
    return new ServerFacts(versionText, version, role, Set.of(), Optional.empty());
  }
}
