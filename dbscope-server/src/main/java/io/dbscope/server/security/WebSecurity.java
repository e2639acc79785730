package io.dbscope.server.security;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What dbscope's HTTP side asks about security: which server to bind (HTTP or HTTPS, see {@link
 * HttpsServerFactory}) and a {@link Filter} that adds the configured headers, applies {@code
 * rate_limit} and checks credentials. The web config in force can be swapped by {@link #reload};
 * the certificate files are watched by {@link TlsContextProvider} on their own.
 *
 * <pre>{@code
 * WebConfig web = file.isPresent() ? WebConfig.load(file.get()) : WebConfig.none();
 * WebSecurity security = WebSecurity.start(web, seedBasicAuth);   // seed auth only without file
 * HttpServer server = security.createServer(new InetSocketAddress(port), 128);
 * server.createContext("/", handler).getFilters().add(security.filter(Set.of("/-/healthy")));
 * }</pre>
 */
public final class WebSecurity {
  private final Optional<TlsContextProvider> tls;
  private final AtomicReference<Active> active = new AtomicReference<>();

  /** The web config in force and what was built from it. */
  private record Active(
      WebConfig config, Optional<Authenticator> auth, Optional<TokenBucket> limiter) {}

  private WebSecurity(Optional<TlsContextProvider> tls, Active first) {
    this.tls = tls;
    active.set(first);
  }

  /**
   * Loads the certificate files of {@code config} and builds its checks.
   *
   * @param seedAuth the seed's {@code enableBasicAuth} user, used only when {@code config} has no
   *     {@code basic_auth_users} (see {@link WebConfig#conflict} for why both cannot be set)
   */
  public static WebSecurity start(WebConfig config, Optional<Authenticator> seedAuth)
      throws WebConfigException {
    Optional<TlsContextProvider> tls =
        config.tls().isPresent()
            ? Optional.of(new TlsContextProvider(config.tls().get()))
            : Optional.empty();
    return new WebSecurity(tls, activate(config, seedAuth));
  }

  /** Like {@link #start(WebConfig, Optional)}, with a TLS provider built by the caller (tests). */
  static WebSecurity start(WebConfig config, TlsContextProvider tls) {
    return new WebSecurity(Optional.of(tls), activate(config, Optional.empty()));
  }

  /** An unstarted server on {@code address}: HTTPS when the web config has TLS. */
  public HttpServer createServer(InetSocketAddress address, int backlog) throws IOException {
    return HttpsServerFactory.create(tls, address, backlog);
  }

  /** Whether the server speaks TLS. */
  public boolean tls() {
    return tls.isPresent();
  }

  /** The TLS provider, when TLS is on. */
  public Optional<TlsContextProvider> tlsProvider() {
    return tls;
  }

  /**
   * Swaps in a new web config after loading all of it (certificates included); on error nothing
   * changes. Turning TLS on or off needs a new listening socket, so it is refused here with a
   * message that says a restart is needed.
   */
  public void reload(WebConfig next, Optional<Authenticator> seedAuth) throws WebConfigException {
    if (next.tls().isPresent() != tls.isPresent()) {
      throw new WebConfigException(
          "web config "
              + next.source().map(Object::toString).orElse("(none)")
              + ": turning TLS "
              + (tls.isPresent() ? "off" : "on")
              + " needs a restart of dbscope");
    }
    Active a = activate(next, seedAuth);
    if (next.tls().isPresent()) {
      tls.get().update(next.tls().get());
    }
    active.set(a);
  }

  /** The config in force. */
  public WebConfig config() {
    return active.get().config();
  }

  /**
   * The filter to add to every context.
   *
   * @param openPaths paths that never ask for credentials (such as {@code /-/healthy}), in addition
   *     to the web config's excluded paths
   */
  public Filter filter(Set<String> openPaths) {
    Set<String> open = Set.copyOf(openPaths);
    return new Filter() {
      @Override
      public void doFilter(HttpExchange ex, Chain chain) throws IOException {
        Active a = active.get();
        a.config().headers().forEach((k, v) -> ex.getResponseHeaders().set(k, v));
        if (a.limiter().isPresent() && !a.limiter().get().tryAcquire()) {
          reject(ex, 429, "Too Many Requests\n");
          return;
        }
        String path = ex.getRequestURI().getPath();
        boolean exempt = open.contains(path) || a.config().authExcludedPaths().contains(path);
        if (!exempt
            && a.auth().isPresent()
            && !a.auth().get().allows(ex.getRequestHeaders().getFirst("Authorization"))) {
          ex.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"dbscope\"");
          reject(ex, 401, "Unauthorized\n");
          return;
        }
        chain.doFilter(ex);
      }

      @Override
      public String description() {
        return "dbscope web security: headers, rate limit, authentication";
      }
    };
  }

  private static Active activate(WebConfig config, Optional<Authenticator> seedAuth) {
    Optional<Authenticator> auth = config.authenticator().or(() -> seedAuth);
    Optional<TokenBucket> limiter =
        config.rateLimit().map(r -> new TokenBucket(r, System::nanoTime));
    return new Active(config, auth, limiter);
  }

  private static void reject(HttpExchange ex, int status, String body) throws IOException {
    try (ex) {
      byte[] b = body.getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
      if (ex.getRequestMethod().equals("HEAD")) {
        ex.sendResponseHeaders(status, -1);
      } else {
        ex.sendResponseHeaders(status, b.length);
        ex.getResponseBody().write(b);
      }
    }
  }
}
