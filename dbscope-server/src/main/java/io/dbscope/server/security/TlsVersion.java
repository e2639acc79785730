package io.dbscope.server.security;

import java.util.Arrays;
import java.util.Optional;

/** {@code min_version}/{@code max_version} values and the JSSE protocol name of each. */
public enum TlsVersion {
  TLS10("TLSv1"),
  TLS11("TLSv1.1"),
  TLS12("TLSv1.2"),
  TLS13("TLSv1.3");

  private final String protocol;

  TlsVersion(String protocol) {
    this.protocol = protocol;
  }

  static Optional<TlsVersion> byName(String name) {
    return Arrays.stream(values()).filter(v -> v.name().equals(name)).findFirst();
  }

  /** The JSSE name, such as {@code TLSv1.3}. */
  public String protocol() {
    return protocol;
  }
}
