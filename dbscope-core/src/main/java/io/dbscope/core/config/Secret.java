package io.dbscope.core.config;

import java.util.Arrays;

/**
 * A password or other credential. Its {@link #toString()} never reveals the value, so that a secret
 * that slips into a log line, an exception message or a {@code check} table shows as {@code ******}
 * instead of the password.
 *
 * <p>{@code Secret.of("s3cret").reveal()} is the only way to read the value back; call it only
 * where the value is handed to a driver.
 */
public final class Secret {
  private static final Secret EMPTY = new Secret(new char[0]);
  private final char[] value;

  private Secret(char[] value) {
    this.value = value;
  }

  public static Secret of(String value) {
    return value == null || value.isEmpty() ? EMPTY : new Secret(value.toCharArray());
  }

  public static Secret empty() {
    return EMPTY;
  }

  /** The clear value, for handing to a driver. */
  public String reveal() {
    return new String(value);
  }

  public boolean isEmpty() {
    return value.length == 0;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Secret s && Arrays.equals(value, s.value);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(value);
  }

  @Override
  public String toString() {
    return value.length == 0 ? "" : "******";
  }
}
