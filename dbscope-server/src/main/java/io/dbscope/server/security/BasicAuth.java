package io.dbscope.server.security;

import io.dbscope.core.config.Secret;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;

/**
 * HTTP basic auth from the seed's {@code enableBasicAuth}/{@code basicAuthUsername}/{@code
 * basicAuthPassword} keys. The password may be a bcrypt hash ({@code $2a$}, {@code $2b$}, {@code
 * $2y$}) or a clear password (already decoded from {@code ENC()} by the config loader).
 *
 * <p>Every check does the same work whatever is wrong (user or password), so that timing does not
 * tell which user exists. The bcrypt work (one round at a time, successes remembered so that a
 * scrape every few seconds costs no round and never waits behind a flood of wrong passwords) is
 * {@link BcryptVerifier}'s, the same as for the web config's users.
 */
public final class BasicAuth implements Authenticator {
  private final String user;
  private final byte[] userDigest;
  private final Secret password;
  private final boolean bcrypt;
  private final BcryptVerifier verifier = new BcryptVerifier();

  public BasicAuth(String user, Secret password) {
    this.user = user;
    this.userDigest = sha256(user);
    this.password = password;
    String p = password.reveal();
    this.bcrypt = p.startsWith("$2a$") || p.startsWith("$2b$") || p.startsWith("$2y$");
  }

  /** Whether an {@code Authorization} header carries the configured credentials. */
  @Override
  public boolean allows(String header) {
    Optional<BasicCredentials> credentials = BasicCredentials.parse(header);
    if (credentials.isEmpty()) {
      return false;
    }
    boolean userOk = MessageDigest.isEqual(userDigest, sha256(credentials.get().user()));
    String given = credentials.get().password();
    if (!bcrypt) {
      return MessageDigest.isEqual(sha256(password.reveal()), sha256(given)) && userOk;
    }
    if (!userOk) {
      verifier.spendRound(given, password.reveal());
      return false;
    }
    return verifier.verify(user, given, password.reveal());
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
