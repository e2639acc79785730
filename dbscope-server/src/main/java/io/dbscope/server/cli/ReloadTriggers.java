package io.dbscope.server.cli;

import io.dbscope.server.Reloader;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The ways besides {@code POST /-/reload} to ask for a reload: SIGHUP and a file watch. */
final class ReloadTriggers {
  private static final Logger log = LoggerFactory.getLogger(ReloadTriggers.class);

  private ReloadTriggers() {}

  /**
   * {@code kill -HUP <pid>} reloads, as with Prometheus and the exporters (systemd ExecReload).
   *
   * <p>Java has no public API for signals; {@code sun.misc.Signal} (module jdk.unsupported, kept
   * exported for this use) is the one way. It is reached by reflection because javac's warning for
   * naming it cannot be suppressed, and the build compiles with {@code -Werror}.
   *
   * <p>A process started with SIGHUP ignored ({@code nohup}) keeps ignoring it: the JVM installs no
   * handler for a signal ignored at its start, and says so only by handing back {@code SIG_IGN}.
   *
   * @return whether SIGHUP now reloads
   */
  static boolean onSighup(Reloader reloader) {
    Runnable reload = () -> Thread.ofVirtual().name("dbscope-sighup").start(reloader::reload);
    try {
      Class<?> signal = Class.forName("sun.misc.Signal");
      Class<?> handlerType = Class.forName("sun.misc.SignalHandler");
      Object handler =
          Proxy.newProxyInstance(
              handlerType.getClassLoader(),
              new Class<?>[] {handlerType},
              (proxy, method, args) ->
                  switch (method.getName()) {
                    case "handle" -> {
                      reload.run();
                      yield null;
                    }
                    case "equals" -> proxy == args[0];
                    case "hashCode" -> System.identityHashCode(proxy);
                    default -> "dbscope SIGHUP handler";
                  });
      Object before =
          signal
              .getMethod("handle", signal, handlerType)
              .invoke(null, signal.getConstructor(String.class).newInstance("HUP"), handler);
      if (before == handlerType.getField("SIG_IGN").get(null)) {
        log.info(
            "SIGHUP is ignored by this process (started with nohup?), so it does not reload;"
                + " use POST /-/reload or --watch-config");
        return false;
      }
      return true;
    } catch (InvocationTargetException e) {
      // IllegalArgumentException from Signal: the platform has no SIGHUP or the JVM uses it.
      log.info("SIGHUP is not available on this platform; use POST /-/reload");
    } catch (ReflectiveOperationException e) {
      log.info(
          "SIGHUP handling is not available in this JVM ({}); use POST /-/reload", e.toString());
    }
    return false;
  }

  /**
   * Watches the config file's directory and reloads when the file changes. Editors that replace the
   * file (write a temp file, rename) are covered because the directory is watched, not the file; a
   * burst of events within 500 ms is one reload.
   */
  static void watch(Path config, Reloader reloader) throws IOException {
    Path file = config.toAbsolutePath();
    Path dir = file.getParent();
    WatchService ws = FileSystems.getDefault().newWatchService();
    dir.register(
        ws,
        StandardWatchEventKinds.ENTRY_MODIFY,
        StandardWatchEventKinds.ENTRY_CREATE,
        StandardWatchEventKinds.ENTRY_DELETE);
    Thread.ofVirtual()
        .name("dbscope-config-watch")
        .start(
            () -> {
              try {
                while (true) {
                  WatchKey key = ws.take();
                  boolean ours =
                      key.pollEvents().stream()
                          .anyMatch(e -> file.getFileName().equals(e.context()));
                  key.reset();
                  if (ours) {
                    Thread.sleep(500);
                    WatchKey more;
                    while ((more = ws.poll()) != null) {
                      more.pollEvents();
                      more.reset();
                    }
                    reloader.reload();
                  }
                }
              } catch (InterruptedException | ClosedWatchServiceException e) {
                Thread.currentThread().interrupt();
              }
            });
    log.info("watching {} for changes", file);
  }
}
