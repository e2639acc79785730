package io.dbscope.core.engine;

import io.dbscope.core.definition.ServerVersion;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * What dbscope learned about a server when it connected: version, role and extensions. Plans are
 * computed from it and recomputed when it changes (restart, failover).
 *
 * @param versionText the version as the server reports it, for display and {@code *_version_info}
 * @param startTime server start, when the engine can read it; a change means a restart
 */
public record ServerFacts(
    String versionText,
    ServerVersion version,
    Role role,
    Set<String> extensions,
    Optional<Instant> startTime) {

  public ServerFacts {
    extensions = Set.copyOf(extensions);
  }

  /** Replication role of the server. */
  public enum Role {
    PRIMARY,
    REPLICA,
    UNKNOWN
  }

  public static ServerFacts unknown() {
    return new ServerFacts("", ServerVersion.UNKNOWN, Role.UNKNOWN, Set.of(), Optional.empty());
  }
}
