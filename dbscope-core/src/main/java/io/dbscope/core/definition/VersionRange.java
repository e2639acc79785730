package io.dbscope.core.definition;

import java.util.Optional;

/**
 * The server versions a definition applies to: {@code min <= version < max}. An unknown server
 * version matches every range, so that a server that hides its version still gets the
 * version-independent collectors (and the version-specific ones fail visibly, not silently).
 */
public record VersionRange(Optional<ServerVersion> min, Optional<ServerVersion> max) {
  public static final VersionRange ALL = new VersionRange(Optional.empty(), Optional.empty());

  public boolean contains(ServerVersion v) {
    if (!v.isKnown()) {
      return true;
    }
    return min.map(m -> v.compareTo(m) >= 0).orElse(true)
        && max.map(m -> v.compareTo(m) < 0).orElse(true);
  }

  @Override
  public String toString() {
    if (min.isEmpty() && max.isEmpty()) {
      return "all";
    }
    return min.map(m -> ">= " + m).orElse("")
        + (min.isPresent() && max.isPresent() ? ", " : "")
        + max.map(m -> "< " + m).orElse("");
  }
}
