package io.dbscope.server.httpd;

/**
 * A request the server answers itself, with {@code status}, and then closes the connection: the
 * stream may be anywhere in a request it could not read.
 */
final class HttpError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;

  HttpError(int status, String message) {
    super(message, null, false, false);
    this.status = status;
  }

  int status() {
    return status;
  }
}
