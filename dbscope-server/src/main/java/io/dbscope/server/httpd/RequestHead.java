package io.dbscope.server.httpd;

import com.sun.net.httpserver.Headers;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * A request's line and headers, and how its body is framed. Read strictly where a lenient reading
 * would let a proxy in front and this server disagree about where a request ends (RFC 9112 section
 * 6.3): a request with both {@code Content-Length} and {@code Transfer-Encoding}, several lengths,
 * a transfer coding other than {@code chunked}, or whitespace before a header's colon is refused.
 */
record RequestHead(String method, URI uri, String protocol, Headers headers, long bodyLength) {
  /** {@link #bodyLength} of a chunked body. */
  static final long CHUNKED = -1;

  static final int MAX_LINE = 8192;
  static final int MAX_HEADERS = 200;

  boolean http10() {
    return protocol.equals("HTTP/1.0");
  }

  /** Whether the client asks for the connection to stay open after this request. */
  boolean keepAlive() {
    String c = headers.getFirst("Connection");
    if (http10()) {
      return c != null && c.equalsIgnoreCase("keep-alive");
    }
    return c == null || !c.toLowerCase(Locale.ROOT).contains("close");
  }

  boolean hasBody() {
    return bodyLength != 0;
  }

  /**
   * The next request on the connection, or null when the client closed it between requests.
   *
   * @throws HttpError for a request this server will not read
   */
  static RequestHead read(ConnectionInput in) throws IOException {
    String line = in.readLine(MAX_LINE, 414);
    // RFC 9112 section 2.2: empty lines before a request line are ignored.
    for (int blank = 0; line != null && line.isEmpty(); blank++) {
      if (blank > 8) {
        throw new HttpError(400, "empty lines instead of a request");
      }
      line = in.readLine(MAX_LINE, 414);
    }
    if (line == null) {
      return null;
    }
    int sp1 = line.indexOf(' ');
    int sp2 = line.lastIndexOf(' ');
    if (sp1 <= 0 || sp2 == sp1) {
      throw new HttpError(400, "a malformed request line");
    }
    String method = line.substring(0, sp1);
    String target = line.substring(sp1 + 1, sp2);
    String protocol = line.substring(sp2 + 1);
    if (!Tokens.isToken(method) || target.isEmpty() || target.indexOf(' ') >= 0) {
      throw new HttpError(400, "a malformed request line");
    }
    if (!protocol.equals("HTTP/1.1") && !protocol.equals("HTTP/1.0")) {
      throw new HttpError(505, "only HTTP/1.0 and HTTP/1.1 are served");
    }
    URI uri;
    try {
      uri = new URI(target);
    } catch (URISyntaxException e) {
      throw new HttpError(400, "a malformed request target");
    }
    Headers headers = readHeaders(in);
    return new RequestHead(method, uri, protocol, headers, framing(headers));
  }

  private static Headers readHeaders(ConnectionInput in) throws IOException {
    Headers headers = new Headers();
    for (int count = 0; ; count++) {
      String line = in.readLine(MAX_LINE, 431);
      if (line == null) {
        throw new HttpError(400, "the request ended in its headers");
      }
      if (line.isEmpty()) {
        return headers;
      }
      if (count == MAX_HEADERS) {
        throw new HttpError(431, "more than " + MAX_HEADERS + " request headers");
      }
      char first = line.charAt(0);
      if (first == ' ' || first == '\t') {
        throw new HttpError(400, "a folded header line");
      }
      int colon = line.indexOf(':');
      if (colon <= 0 || !Tokens.isToken(line.substring(0, colon))) {
        throw new HttpError(400, "a malformed header line");
      }
      headers.add(line.substring(0, colon), line.substring(colon + 1).strip());
    }
  }

  private static long framing(Headers headers) {
    var encodings = headers.get("Transfer-Encoding");
    var lengths = headers.get("Content-Length");
    if (encodings != null) {
      if (lengths != null) {
        throw new HttpError(400, "both Content-Length and Transfer-Encoding");
      }
      if (encodings.size() != 1 || !encodings.get(0).equalsIgnoreCase("chunked")) {
        throw new HttpError(501, "a transfer coding other than chunked");
      }
      return CHUNKED;
    }
    if (lengths == null) {
      return 0;
    }
    if (lengths.size() != 1) {
      throw new HttpError(400, "several Content-Length headers");
    }
    String v = lengths.get(0);
    if (v.isEmpty() || v.length() > 18 || !v.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw new HttpError(400, "a malformed Content-Length");
    }
    return Long.parseLong(v);
  }
}
