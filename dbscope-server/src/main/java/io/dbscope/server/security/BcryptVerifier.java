package io.dbscope.server.security;

import at.favre.lib.crypto.bcrypt.BCrypt;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The bcrypt work of HTTP basic auth, shared by both {@link Authenticator}s (the seed's {@code
 * enableBasicAuth} user and the web config's {@code basic_auth_users}) so that both hold up the
 * same way under a flood of wrong passwords.
 *
 * <p>Why it looks like this: a bcrypt round costs tens of milliseconds of CPU and requests run on
 * virtual threads, which a CPU-bound task does not give back. Hundreds of wrong passwords checked
 * at once would occupy every carrier thread, and a scrape whose credentials were accepted long ago
 * would wait seconds for a thread to run on. So rounds run one at a time, as in the
 * exporter-toolkit: the others wait parked (freeing their carrier), and a flood keeps at most one
 * core busy. A success is remembered (keyed by SHA-256 of user, password and hash, in a bounded LRU
 * map), so Prometheus scraping every few seconds pays no round and never waits behind a flood.
 * Failures are never remembered, so a flood cannot push the valid entries out. A waiting check that
 * is interrupted (the server is stopping) fails.
 *
 * <pre>{@code
 * BcryptVerifier bcrypt = new BcryptVerifier();
 * boolean ok = bcrypt.verify("prometheus", givenPassword, "$2y$10$...");
 * }</pre>
 */
public final class BcryptVerifier {
  private static final int CACHE_SIZE = 256;
  private final ReentrantLock oneAtATime = new ReentrantLock();
  private final Map<String, Boolean> verified =
      Collections.synchronizedMap(
          new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
              return size() > CACHE_SIZE;
            }
          });

  /**
   * Whether {@code password} matches {@code hash}; a success is remembered for {@code user}, so
   * that the next check of the same credentials costs no round.
   */
  public boolean verify(String user, String password, String hash) {
    String key = sha256(user + '\0' + password + '\0' + hash);
    if (verified.containsKey(key)) {
      return true;
    }
    boolean ok = round(password, hash);
    if (ok) {
      verified.put(key, Boolean.TRUE);
    }
    return ok;
  }

  /**
   * Spends one round that is not remembered (for an unknown user, against a fake hash of the same
   * cost), so that an answer takes as long whether the user exists or not.
   */
  public void spendRound(String password, String hash) {
    round(password, hash);
  }

  private boolean round(String password, String hash) {
    try {
      oneAtATime.lockInterruptibly();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
    try {
      return BCrypt.verifyer()
          .verify(
              password.getBytes(StandardCharsets.UTF_8), hash.getBytes(StandardCharsets.US_ASCII))
          .verified;
    } catch (IllegalArgumentException e) {
      return false; // over 72 bytes: Go's bcrypt refuses such passwords too
    } finally {
      oneAtATime.unlock();
    }
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
