package io.dbscope.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import at.favre.lib.crypto.bcrypt.BCrypt;
import io.dbscope.core.config.Secret;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class UserAuthTest {
  static String hash(String password, int cost) {
    return BCrypt.with(BCrypt.Version.VERSION_2Y).hashToString(cost, password.toCharArray());
  }

  static String basic(String user, String password) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  private final UserAuth auth =
      new UserAuth(Map.of("alice", hash("wonderland", 10), "bob", hash("builder:colon", 4)));

  @Test
  void goodUserBadPasswordUnknownUserAndMalformedHeaders() {
    assertThat(auth.allows(basic("alice", "wonderland"))).isTrue();
    assertThat(auth.allows(basic("bob", "builder:colon"))).as("password with a colon").isTrue();
    assertThat(auth.allows(basic("alice", "Wonderland"))).isFalse();
    assertThat(auth.allows(basic("alice", ""))).isFalse();
    assertThat(auth.allows(basic("mallory", "wonderland"))).isFalse();
    assertThat(auth.allows(basic("bob", "wonderland"))).as("alice's password for bob").isFalse();
    assertThat(auth.allows(null)).isFalse();
    assertThat(auth.allows("Bearer abc")).isFalse();
    assertThat(auth.allows("Basic !!not-base64")).isFalse();
    assertThat(auth.allows("Basic " + Base64.getEncoder().encodeToString("no-colon".getBytes())))
        .isFalse();
    assertThat(auth.allows(basic("alice", "x".repeat(100)))).as("over bcrypt's 72 bytes").isFalse();
    assertThat(auth.allows("basic " + basic("alice", "wonderland").substring(6)))
        .as("scheme is case-insensitive")
        .isTrue();
  }

  @Test
  void goodHashesFromHtpasswdAndGoVersionsVerify() {
    // $2a$ and $2b$ as written by other tools; the toolkit docs use $2y$ (htpasswd).
    String a = BCrypt.with(BCrypt.Version.VERSION_2A).hashToString(4, "pw".toCharArray());
    String b = BCrypt.with(BCrypt.Version.VERSION_2B).hashToString(4, "pw".toCharArray());
    UserAuth u = new UserAuth(Map.of("a", a, "b", b));
    assertThat(u.allows(basic("a", "pw"))).isTrue();
    assertThat(u.allows(basic("b", "pw"))).isTrue();
  }

  @Test
  void anUnknownUserCostsABcryptRoundLikeAWrongPassword() {
    // Cost 10 is tens of milliseconds; without the fake hash an unknown user would take
    // microseconds.
    long wrongPassword = median(() -> auth.allows(basic("alice", "guess")));
    long unknownUser = median(() -> auth.allows(basic("mallory", "guess")));
    assertThat(unknownUser).isGreaterThan(wrongPassword / 3);
    assertThat(unknownUser).isLessThan(wrongPassword * 3);
  }

  @Test
  void aSuccessIsCachedSoRepeatedScrapesCostNoBcryptRound() {
    long first = time(() -> auth.allows(basic("alice", "wonderland")));
    long cached = median(() -> auth.allows(basic("alice", "wonderland")));
    assertThat(cached).isLessThan(first / 10);
    // Failures are never cached as successes.
    assertThat(auth.allows(basic("alice", "wonderland2"))).isFalse();
    assertThat(auth.allows(basic("alice", "wonderland2"))).isFalse();
  }

  @Test
  void theSeedsBasicAuthIsAnAuthenticatorToo() {
    Authenticator seed = new BasicAuth("admin", Secret.of(hash("pw", 4)));
    assertThat(seed.allows(basic("admin", "pw"))).isTrue();
    assertThat(seed.allows(basic("admin", "nope"))).isFalse();
  }

  private static long median(Runnable r) {
    long[] t = LongStream.range(0, 5).map(i -> time(r)).sorted().toArray();
    return t[2];
  }

  private static long time(Runnable r) {
    long start = System.nanoTime();
    r.run();
    return System.nanoTime() - start;
  }
}
