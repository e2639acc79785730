package io.dbscope.server.security;

import at.favre.lib.crypto.bcrypt.BCrypt;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * HTTP basic auth against the web config's {@code basic_auth_users} (user name to bcrypt hash).
 *
 * <p>Why it looks like this: an unknown user is checked against a fake hash of the same cost as the
 * real ones, so an answer takes as long whether the user exists or not, and timing does not tell
 * which names exist. The bcrypt work itself (one round at a time, successes remembered) is {@link
 * BcryptVerifier}'s, shared with the seed's {@link io.dbscope.server.security.BasicAuth}.
 *
 * <pre>{@code
 * Authenticator auth = new UserAuth(Map.of("prometheus", "$2y$10$..."));
 * boolean ok = auth.allows(exchange.getRequestHeaders().getFirst("Authorization"));
 * }</pre>
 */
public final class UserAuth implements Authenticator {
  private final Map<String, String> users;
  private final String fakeHash;
  private final BcryptVerifier bcrypt = new BcryptVerifier();

  /**
   * @param users user name to bcrypt hash, as validated by {@link WebConfig}
   */
  public UserAuth(Map<String, String> users) {
    this.users = Map.copyOf(users);
    int cost = this.users.values().stream().mapToInt(UserAuth::cost).max().orElse(10);
    // A fixed salt and password: the same fake hash for a given cost, never a user's.
    byte[] salt = "dbscope-fake-slt".getBytes(StandardCharsets.US_ASCII);
    this.fakeHash =
        new String(
            BCrypt.with(BCrypt.Version.VERSION_2Y)
                .hash(cost, salt, "no such user".getBytes(StandardCharsets.UTF_8)),
            StandardCharsets.US_ASCII);
  }

  @Override
  public boolean allows(String header) {
    Optional<BasicCredentials> credentials = BasicCredentials.parse(header);
    if (credentials.isEmpty()) {
      return false;
    }
    String user = credentials.get().user();
    String password = credentials.get().password();
    String known = users.get(user);
    if (known == null) {
      bcrypt.spendRound(password, fakeHash);
      return false;
    }
    return bcrypt.verify(user, password, known);
  }

  /** The cost field of a {@code $2y$10$…} hash. */
  static int cost(String hash) {
    return Integer.parseInt(hash.substring(4, 6));
  }
}
