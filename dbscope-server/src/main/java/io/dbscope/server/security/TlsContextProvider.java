package io.dbscope.server.security;

import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's TLS: one {@link SSLContext} whose key and trust managers read the current {@link
 * TlsMaterial}, and the per-connection {@link SSLParameters} (versions, ciphers, curves, client
 * auth) of the current settings.
 *
 * <p>Rotation without restart: before a handshake, {@link #parameters()} compares the stamps
 * (mtime, size, identity) of the certificate, key and client CA files with those loaded, at most
 * once per {@code recheck} (one second by default). Changed files are loaded beside the running
 * material and swapped in only when the new pair is complete and matches; a broken new pair keeps
 * the old one and is logged once per broken state — a rotation that writes the certificate before
 * the key simply completes at the next check.
 *
 * <pre>{@code
 * TlsContextProvider tls = new TlsContextProvider(webConfig.tls().orElseThrow());
 * HttpsServer s = HttpsServer.create(addr, 128);
 * s.setHttpsConfigurator(new HttpsConfigurator(tls.sslContext()) {
 *   public void configure(HttpsParameters p) { p.setSSLParameters(tls.parameters()); }
 * });
 * }</pre>
 */
public final class TlsContextProvider {
  private static final Logger log = LoggerFactory.getLogger(TlsContextProvider.class);
  private final Duration recheck;
  private final LongSupplier nanoClock;
  private final AtomicReference<TlsMaterial> current = new AtomicReference<>();
  private final AtomicReference<TlsMaterial> previous = new AtomicReference<>();
  private final AtomicLong nextCheck = new AtomicLong();
  private final AtomicLong generation = new AtomicLong();
  private final ReentrantLock reloading = new ReentrantLock();
  private final SSLContext context;
  private List<Object> failedStamps = List.of();

  /**
   * Loads the files now (a problem is a {@link WebConfigException}); re-checks them every second.
   */
  public TlsContextProvider(WebConfig.Tls settings) throws WebConfigException {
    this(settings, Duration.ofSeconds(1), System::nanoTime);
  }

  /**
   * @param recheck least time between two looks at the files
   * @param nanoClock {@link System#nanoTime()} or a test's clock
   */
  public TlsContextProvider(WebConfig.Tls settings, Duration recheck, LongSupplier nanoClock)
      throws WebConfigException {
    this.recheck = recheck;
    this.nanoClock = nanoClock;
    current.set(
        TlsMaterial.load(settings, generation.incrementAndGet(), TlsMaterial.stamps(settings)));
    nextCheck.set(nanoClock.getAsLong() + recheck.toNanos());
    try {
      context = SSLContext.getInstance("TLS");
      context.init(
          new KeyManager[] {new RotatingKeyManager(this)},
          new TrustManager[] {new ClientCertTrustManager(this)},
          null);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK offers no TLS context", e);
    }
  }

  /** The one context of the server; it serves whatever material is current. */
  public SSLContext sslContext() {
    return context;
  }

  /** The certificate served now (for logs and tests). */
  public X509Certificate certificate() {
    return current.get().leaf();
  }

  /** Parameters for a new connection, after a look at the files if one is due. */
  public SSLParameters parameters() {
    refreshIfDue();
    WebConfig.Tls s = current.get().settings();
    SSLParameters p = context.getDefaultSSLParameters();
    List<String> enabled = Arrays.asList(p.getProtocols());
    List<String> protocols = new ArrayList<>();
    for (TlsVersion v : TlsVersion.values()) {
      if (v.compareTo(s.minVersion()) >= 0
          && v.compareTo(s.maxVersion()) <= 0
          && enabled.contains(v.protocol())) {
        protocols.add(v.protocol());
      }
    }
    p.setProtocols(protocols.toArray(String[]::new));
    if (!s.cipherSuites().isEmpty()) {
      // As in Go, cipher_suites limit TLS 1.2 and below; TLS 1.3 keeps its own suites.
      List<String> suites = new ArrayList<>(s.cipherSuites());
      for (String c : p.getCipherSuites()) {
        if ((c.startsWith("TLS_AES_") || c.startsWith("TLS_CHACHA20_")) && !suites.contains(c)) {
          suites.add(c);
        }
      }
      p.setCipherSuites(suites.toArray(String[]::new));
    }
    if (!s.namedGroups().isEmpty()) {
      p.setNamedGroups(s.namedGroups().toArray(String[]::new));
    }
    p.setUseCipherSuitesOrder(s.preferServerCipherSuites());
    if (s.clientAuth().requires()) {
      p.setNeedClientAuth(true);
    } else if (s.clientAuth().requests()) {
      p.setWantClientAuth(true);
    }
    return p;
  }

  /** Reloads the files when they changed since the last look, at most once per {@code recheck}. */
  public void refreshIfDue() {
    long now = nanoClock.getAsLong();
    if (now - nextCheck.get() < 0 || !reloading.tryLock()) {
      return;
    }
    try {
      nextCheck.set(now + recheck.toNanos());
      TlsMaterial cur = current.get();
      List<Object> stamps = TlsMaterial.stamps(cur.settings());
      if (stamps.equals(cur.stamps()) || stamps.equals(failedStamps)) {
        return;
      }
      try {
        swap(TlsMaterial.load(cur.settings(), generation.incrementAndGet(), stamps));
        log.info("TLS certificate reloaded: {}", describe(current.get().leaf()));
      } catch (WebConfigException e) {
        failedStamps = stamps;
        log.warn(
            "TLS files changed but cannot be used; still serving {}: {}",
            describe(cur.leaf()),
            e.getMessage());
      }
    } finally {
      reloading.unlock();
    }
  }

  /**
   * New settings from a reloaded web config: loaded completely, then swapped; on error nothing
   * changes. The listening socket stays, so HTTP cannot become HTTPS this way.
   */
  public void update(WebConfig.Tls settings) throws WebConfigException {
    reloading.lock();
    try {
      swap(TlsMaterial.load(settings, generation.incrementAndGet(), TlsMaterial.stamps(settings)));
      failedStamps = List.of();
    } finally {
      reloading.unlock();
    }
  }

  private void swap(TlsMaterial next) {
    previous.set(current.getAndSet(next));
  }

  TlsMaterial current() {
    return current.get();
  }

  /** The material that issued {@code alias}: the current one or the one just before it. */
  TlsMaterial byAlias(String alias) {
    TlsMaterial c = current.get();
    if (c.alias().equals(alias)) {
      return c;
    }
    TlsMaterial p = previous.get();
    return p != null && p.alias().equals(alias) ? p : null;
  }

  private static String describe(X509Certificate c) {
    return "subject "
        + c.getSubjectX500Principal().getName()
        + ", serial "
        + c.getSerialNumber().toString(16)
        + ", valid until "
        + c.getNotAfter().toInstant();
  }
}
