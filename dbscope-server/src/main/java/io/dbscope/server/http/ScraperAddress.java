package io.dbscope.server.http;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.regex.Pattern;

/**
 * The {@code host:port} at which a client reached dbscope, for the targets service discovery hands
 * Prometheus. The listen address cannot be it: {@code :9630} or {@code 0.0.0.0:9630} name no host
 * anyone can connect to. The request's {@code Host} header is what the client itself wrote in its
 * URL (Prometheus sends the host and port of its {@code http_sd_configs} url), so the scrapes go
 * where the discovery request went; without a usable header, the connection's own local address.
 */
final class ScraperAddress {
  /**
   * A DNS name or IPv4 address, or a bracketed IPv6 one, and an optional port. Underscores pass:
   * container names used as host names (Compose's {@code project_dbscope_1}) have them.
   */
  private static final Pattern HOST =
      Pattern.compile(
          "(?:[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_])?|\\[[0-9A-Fa-f:.]+])(?::\\d{1,5})?");

  private ScraperAddress() {}

  static String of(Request request) {
    String host = request.header("Host");
    if (host != null && HOST.matcher(host.strip()).matches()) {
      return host.strip();
    }
    return local(request.localAddress());
  }

  static String local(InetSocketAddress local) {
    InetAddress a = local.getAddress();
    String host = a.getHostAddress();
    if (a instanceof Inet6Address) {
      // The zone (%eth0) means nothing to another host, and Prometheus would not parse it.
      int zone = host.indexOf('%');
      host = "[" + (zone < 0 ? host : host.substring(0, zone)) + "]";
    }
    return host + ":" + local.getPort();
  }
}
