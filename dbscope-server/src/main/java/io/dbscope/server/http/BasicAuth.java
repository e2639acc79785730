package io.dbscope.server.http;

import at.favre.lib.crypto.bcrypt.BCrypt;
import io.dbscope.core.config.Secret;
import io.dbscope.server.web.Authenticator;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * HTTP basic auth from the seed's {@code enableBasicAuth}/{@code basicAuthUsername}/{@code
 * basicAuthPassword} keys. The password may be a bcrypt hash ({@code $2a$}, {@code $2b$}, {@code
 * $2y$}) or a clear password (already decoded from {@code ENC()} by the config loader).
 *
 * <p>Every check does the same work whatever is wrong (user or password), so that timing does not
 * tell which user exists; successful bcrypt checks are remembered (by SHA-256 of the header) so
 * that a scrape every few seconds does not cost a bcrypt round each time.
 */
public final class BasicAuth implements Authenticator {
  private static final int CACHE_LIMIT = 64;
  private final byte[] userDigest;
  private final Secret password;
  private final boolean bcrypt;
  private final Map<String, Boolean> verified = new ConcurrentHashMap<>();

  public BasicAuth(String user, Secret password) {
    this.userDigest = sha256(user);
    this.password = password;
    String p = password.reveal();
    this.bcrypt = p.startsWith("$2a$") || p.startsWith("$2b$") || p.startsWith("$2y$");
  }

  /** Whether an {@code Authorization} header carries the configured credentials. */
  @Override
  public boolean allows(String header) {
    if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
      return false;
    }
    String decoded;
    try {
      decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return false;
    }
    int colon = decoded.indexOf(':');
    if (colon < 0) {
      return false;
    }
    String cacheKey = bcrypt ? Base64.getEncoder().encodeToString(sha256(decoded)) : null;
    if (cacheKey != null && verified.containsKey(cacheKey)) {
      return true;
    }
    boolean userOk = MessageDigest.isEqual(userDigest, sha256(decoded.substring(0, colon)));
    boolean passOk = passwordMatches(decoded.substring(colon + 1));
    boolean ok = userOk && passOk;
    if (ok && cacheKey != null) {
      if (verified.size() >= CACHE_LIMIT) {
        verified.clear();
      }
      verified.put(cacheKey, Boolean.TRUE);
    }
    return ok;
  }

  private boolean passwordMatches(String given) {
    if (bcrypt) {
      return BCrypt.verifyer()
          .verify(given.toCharArray(), password.reveal().toCharArray())
          .verified;
    }
    return MessageDigest.isEqual(sha256(password.reveal()), sha256(given));
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
