package io.dbscope.server.security;

/**
 * A web config (or a certificate or key it names) that cannot be used. The message is one readable
 * line that names the file and the key, fit to print as is; it never holds a password or a key.
 */
public final class WebConfigException extends Exception {
  private static final long serialVersionUID = 1L;

  public WebConfigException(String message) {
    super(message);
  }

  public WebConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
