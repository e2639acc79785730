package io.dbscope.server.security;

/**
 * Decides whether a request's {@code Authorization} header lets it in. Two implementations: the
 * seed's single user ({@link io.dbscope.server.security.BasicAuth}) and the web config's {@code
 * basic_auth_users} ({@link UserAuth}); the HTTP front end only knows this interface.
 *
 * <p>Implementations are thread-safe and never throw: a malformed header is simply not allowed.
 */
@FunctionalInterface
public interface Authenticator {
  /** Whether {@code authorizationHeader} (may be null) carries valid credentials. */
  boolean allows(String authorizationHeader);
}
