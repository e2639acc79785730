package io.dbscope.server.web;

import at.favre.lib.crypto.bcrypt.BCrypt;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * HTTP basic auth against the web config's {@code basic_auth_users} (user name to bcrypt hash).
 *
 * <p>Why it looks like this: an unknown user is checked against a fake hash of the same cost as the
 * real ones, so an answer takes as long whether the user exists or not, and timing does not tell
 * which names exist. A successful check is remembered (keyed by SHA-256 of user, password and hash,
 * in a bounded LRU map) so that Prometheus scraping every few seconds does not pay a bcrypt round
 * each time. bcrypt runs one at a time, as in the exporter-toolkit, so a flood of wrong passwords
 * keeps at most one core busy.
 *
 * <pre>{@code
 * Authenticator auth = new UserAuth(Map.of("prometheus", "$2y$10$..."));
 * boolean ok = auth.allows(exchange.getRequestHeaders().getFirst("Authorization"));
 * }</pre>
 */
public final class UserAuth implements Authenticator {
  private static final int CACHE_SIZE = 256;
  private final Map<String, String> users;
  private final String fakeHash;
  private final ReentrantLock bcrypt = new ReentrantLock();
  private final Map<String, Boolean> verified =
      Collections.synchronizedMap(
          new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
              return size() > CACHE_SIZE;
            }
          });

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
    if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
      return false;
    }
    String decoded;
    try {
      decoded =
          new String(
              Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return false;
    }
    int colon = decoded.indexOf(':');
    if (colon < 0) {
      return false;
    }
    String user = decoded.substring(0, colon);
    String password = decoded.substring(colon + 1);
    String known = users.get(user);
    String hash = known == null ? fakeHash : known;
    String cacheKey = sha256(user + '\0' + password + '\0' + hash);
    if (known != null && verified.containsKey(cacheKey)) {
      return true;
    }
    boolean ok;
    bcrypt.lock();
    try {
      ok =
          BCrypt.verifyer()
              .verify(
                  password.getBytes(StandardCharsets.UTF_8),
                  hash.getBytes(StandardCharsets.US_ASCII))
              .verified;
    } catch (IllegalArgumentException e) {
      ok = false; // over 72 bytes: Go's bcrypt refuses such passwords too
    } finally {
      bcrypt.unlock();
    }
    ok = ok && known != null;
    if (ok) {
      verified.put(cacheKey, Boolean.TRUE);
    }
    return ok;
  }

  /** The cost field of a {@code $2y$10$…} hash. */
  static int cost(String hash) {
    return Integer.parseInt(hash.substring(4, 6));
  }

  private static String sha256(String s) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
