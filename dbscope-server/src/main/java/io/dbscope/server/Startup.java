package io.dbscope.server;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * dbscope between binding its port and serving. Judging the custom metrics files can take a while,
 * so the HTTP side starts first: {@code /-/healthy} answers at once (the process is alive and
 * listening), {@code /-/ready} and every other path answer 503 until {@link #ready} hands over the
 * loaded configuration.
 *
 * <pre>{@code
 * Startup startup = new Startup();
 * HttpFrontend http = new HttpFrontend(startup::monitor, security, reload, version, host, port);
 * http.start();                          // /-/healthy 200, /-/ready 503
 * startup.ready(new Reloader(...));      // /-/ready 200
 * }</pre>
 */
public final class Startup {
  private final AtomicReference<Reloader> reloader = new AtomicReference<>();

  /** Hands over the loaded configuration; from now on every endpoint serves it. */
  public void ready(Reloader loaded) {
    reloader.set(loaded);
  }

  /** The running configuration, or empty while dbscope is still starting. */
  public Optional<Monitor> monitor() {
    return reloader().map(Reloader::current);
  }

  /** The reloader, or empty while dbscope is still starting. */
  public Optional<Reloader> reloader() {
    return Optional.ofNullable(reloader.get());
  }
}
