package io.dbscope.server.http;

import io.dbscope.server.Reloader;
import java.io.IOException;
import java.util.Optional;
import java.util.function.Supplier;

/** {@code POST /-/reload} (or {@code PUT}): re-reads the config and answers how that went. */
final class ReloadHandler implements Handler {
  private final Optional<Supplier<Reloader.Result>> reload;

  /**
   * @param reload what a reload does, empty where reloading is not possible
   */
  ReloadHandler(Optional<Supplier<Reloader.Result>> reload) {
    this.reload = reload;
  }

  @Override
  public void handle(Request request) throws IOException {
    if (reload.isEmpty()) {
      request.text(404, "reloading is not available in this mode\n");
      return;
    }
    Reloader.Result result = reload.get().get();
    request.text(result.ok() ? 200 : 500, result.message());
  }
}
