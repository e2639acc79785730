package io.dbscope.server.httpd;

import static java.nio.charset.StandardCharsets.ISO_8859_1;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpPrincipal;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One request and its response on a {@link Listener} connection, with the JDK server's meaning of
 * {@link #sendResponseHeaders}: a length above 0 is sent as {@code Content-Length}, 0 means chunked
 * (or, on HTTP/1.0, a body until the connection closes), -1 no body. A {@code HEAD} request, a 1xx,
 * 204 or 304 answer never has a body.
 */
final class Exchange extends HttpExchange {
  private final RequestHead head;
  private final HttpContext context;
  private final Connection connection;
  private final Headers responseHeaders = new Headers();
  private final RequestBody requestBody;
  private final ResponseBody responseBody;

  /** Made when a filter first sets one: most requests carry none. */
  private Map<String, Object> attributes;

  private InputStream in;
  private OutputStream out;
  private HttpPrincipal principal;
  private int code = -1;
  private boolean closeAfter;
  private boolean closed;

  Exchange(RequestHead head, HttpContext context, Connection connection) {
    this.head = head;
    this.context = context;
    this.connection = connection;
    this.requestBody = new RequestBody(connection.input(), head.bodyLength());
    this.responseBody = new ResponseBody(connection.output());
    this.in = requestBody;
    this.out = responseBody;
    this.closeAfter = !head.keepAlive();
  }

  RequestBody requestBodyItself() {
    return requestBody;
  }

  /** Whether the connection can carry another request after this one. */
  boolean reusable() {
    return closed && !closeAfter && responseBody.complete();
  }

  @Override
  public Headers getRequestHeaders() {
    return head.headers();
  }

  @Override
  public Headers getResponseHeaders() {
    return responseHeaders;
  }

  @Override
  public URI getRequestURI() {
    return head.uri();
  }

  @Override
  public String getRequestMethod() {
    return head.method();
  }

  @Override
  public HttpContext getHttpContext() {
    return context;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (code == -1) {
      // Nothing was answered: the client learns it from the connection's end, as with the JDK's.
      closeAfter = true;
      return;
    }
    try {
      out.close();
    } catch (IOException e) {
      closeAfter = true;
    }
  }

  @Override
  public InputStream getRequestBody() {
    return in;
  }

  @Override
  public OutputStream getResponseBody() {
    return out;
  }

  @Override
  public void sendResponseHeaders(int rCode, long responseLength) throws IOException {
    if (code != -1) {
      throw new IOException("the response headers were already sent");
    }
    if (rCode < 100 || rCode > 999) {
      throw new IllegalArgumentException("not a status code: " + rCode);
    }
    code = rCode;
    long length = responseLength < -1 ? -1 : responseLength;
    ResponseBody.Framing framing;
    boolean noBody = (rCode >= 100 && rCode < 200) || rCode == 204 || rCode == 304;
    if (noBody || head.method().equals("HEAD")) {
      framing = ResponseBody.Framing.NONE;
      // The length of a HEAD answer, if any, is the handler's to set, as with the JDK's server.
    } else if (length > 0) {
      framing = ResponseBody.Framing.LENGTH;
      responseHeaders.set("Content-Length", Long.toString(length));
    } else if (length == 0) {
      if (head.http10()) {
        framing = ResponseBody.Framing.UNTIL_CLOSE;
        closeAfter = true;
      } else {
        framing = ResponseBody.Framing.CHUNKED;
        responseHeaders.set("Transfer-Encoding", "chunked");
      }
    } else {
      framing = ResponseBody.Framing.NONE;
      responseHeaders.set("Content-Length", "0");
    }
    String connectionHeader = responseHeaders.getFirst("Connection");
    if (connectionHeader != null && connectionHeader.equalsIgnoreCase("close")) {
      closeAfter = true;
    }
    if (closeAfter || connection.stopping()) {
      closeAfter = true;
      responseHeaders.set("Connection", "close");
    } else if (head.http10()) {
      responseHeaders.set("Connection", "keep-alive");
    }
    responseHeaders.set("Date", connection.date());
    connection.output().write(statusAndHeaders(rCode).getBytes(ISO_8859_1));
    responseBody.begin(framing, framing == ResponseBody.Framing.LENGTH ? length : 0);
    if (framing == ResponseBody.Framing.NONE) {
      responseBody.close();
    }
  }

  private String statusAndHeaders(int rCode) {
    StringBuilder s = new StringBuilder(256).append("HTTP/1.1 ").append(rCode);
    s.append(' ').append(Reasons.of(rCode)).append("\r\n");
    for (Map.Entry<String, List<String>> h : responseHeaders.entrySet()) {
      for (String v : h.getValue()) {
        s.append(h.getKey()).append(": ").append(v).append("\r\n");
      }
    }
    return s.append("\r\n").toString();
  }

  @Override
  public InetSocketAddress getRemoteAddress() {
    return connection.remoteAddress();
  }

  @Override
  public int getResponseCode() {
    return code;
  }

  @Override
  public InetSocketAddress getLocalAddress() {
    return connection.localAddress();
  }

  @Override
  public String getProtocol() {
    return head.protocol();
  }

  @Override
  public Object getAttribute(String name) {
    return attributes == null ? null : attributes.get(name);
  }

  @Override
  public void setAttribute(String name, Object value) {
    if (attributes == null) {
      attributes = new ConcurrentHashMap<>();
    }
    if (value == null) {
      attributes.remove(name);
    } else {
      attributes.put(name, value);
    }
  }

  @Override
  public void setStreams(InputStream i, OutputStream o) {
    if (i != null) {
      in = i;
    }
    if (o != null) {
      out = o;
    }
  }

  @Override
  public HttpPrincipal getPrincipal() {
    return principal;
  }

  void setPrincipal(HttpPrincipal principal) {
    this.principal = principal;
  }
}
