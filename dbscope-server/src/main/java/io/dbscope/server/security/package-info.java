/**
 * Who may talk to dbscope's HTTP side, and how: TLS and mTLS (certificates reloaded from disk),
 * basic auth (the seed's single {@code enableBasicAuth} user or the web config's {@code
 * basic_auth_users}, both bcrypt-checked by {@link io.dbscope.server.security.BcryptVerifier}),
 * response headers and rate limit, all read from a Prometheus exporter-toolkit web config ({@link
 * io.dbscope.server.security.WebConfig}) and applied by {@link
 * io.dbscope.server.security.WebSecurity}'s filter. Routing lives in {@code
 * io.dbscope.server.http}.
 */
package io.dbscope.server.security;
