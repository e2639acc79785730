package io.dbscope.server.http;

import java.util.Set;

/** The HTTP methods a route takes, and how a request with another one is refused. */
enum Methods {
  /** Pages and scrapes. */
  READ(Set.of("GET", "HEAD"), "GET, HEAD", "Method not allowed\n"),
  /** Actions such as {@code /-/reload}; the refusal is Prometheus' own for its reload endpoint. */
  CHANGE(Set.of("POST", "PUT"), "POST, PUT", "Only POST or PUT requests allowed\n"),
  /** Whatever the method, such as {@code /-/healthy}: a liveness probe may use any. */
  ANY(Set.of(), "", "");

  private final Set<String> methods;
  private final String allowHeader;
  private final String refusal;

  Methods(Set<String> methods, String allowHeader, String refusal) {
    this.methods = methods;
    this.allowHeader = allowHeader;
    this.refusal = refusal;
  }

  boolean takes(String method) {
    return this == ANY || methods.contains(method);
  }

  /** The {@code Allow} header of a 405. */
  String allowHeader() {
    return allowHeader;
  }

  /** The body of a 405. */
  String refusal() {
    return refusal;
  }
}
