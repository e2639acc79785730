package io.dbscope.server.security;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * The user and password of an HTTP {@code Authorization: Basic} header, shared by the seed's single
 * user ({@link BasicAuth}) and the web config's users ({@link UserAuth}) so that both read a header
 * the same way.
 */
record BasicCredentials(String user, String password) {

  /** The credentials in {@code header}, or empty when it is missing or not well-formed Basic. */
  static Optional<BasicCredentials> parse(String header) {
    if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
      return Optional.empty();
    }
    String decoded;
    try {
      decoded =
          new String(
              Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    int colon = decoded.indexOf(':');
    if (colon < 0) {
      return Optional.empty();
    }
    return Optional.of(
        new BasicCredentials(decoded.substring(0, colon), decoded.substring(colon + 1)));
  }
}
