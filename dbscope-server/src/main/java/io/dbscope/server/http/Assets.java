package io.dbscope.server.http;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /static/<file>}: the console's stylesheet and script, and htmx and uPlot from their Maven
 * webjars (no CDN, no Node). Each file is read once; htmx is sent gzipped, as its webjar ships it,
 * to clients that accept that. Cached by the browser for a day.
 */
final class Assets implements Handler {
  static final String PREFIX = "/static/";
  private static final String WEBJARS = "/META-INF/resources/webjars/";
  private static final String OWN = "/io/dbscope/server/console/";

  private record Asset(String type, byte[] body, byte[] gzipped) {}

  private static final Map<String, String[]> FILES =
      Map.of(
          "htmx.min.js",
          new String[] {"text/javascript", WEBJARS + "htmx.org/2.0.10/dist/htmx.min.js"},
          "uPlot.iife.min.js",
          new String[] {"text/javascript", WEBJARS + "uplot/1.6.30/dist/uPlot.iife.min.js"},
          "uPlot.min.css",
          new String[] {"text/css", WEBJARS + "uplot/1.6.30/dist/uPlot.min.css"},
          "console.css",
          new String[] {"text/css", OWN + "console.css"},
          "console.js",
          new String[] {"text/javascript", OWN + "console.js"});

  private final Map<String, Asset> assets;

  Assets() {
    java.util.HashMap<String, Asset> m = new java.util.HashMap<>();
    FILES.forEach(
        (name, f) ->
            m.put(
                name, new Asset(f[0], read(f[1]).orElseThrow(), read(f[1] + ".gz").orElse(null))));
    this.assets = Map.copyOf(m);
  }

  @Override
  public void handle(Request r) throws IOException {
    Asset a = assets.get(r.pathPart());
    if (a == null) {
      r.text(404, "Not found.\n");
      return;
    }
    r.setHeader("Cache-Control", "max-age=86400");
    String accept = r.header("Accept-Encoding");
    if (a.gzipped() != null && accept != null && accept.contains("gzip")) {
      r.setHeader("Content-Encoding", "gzip");
      r.send(200, a.type(), a.gzipped());
    } else {
      r.send(200, a.type(), a.body());
    }
  }

  private static Optional<byte[]> read(String resource) {
    try (InputStream in = Assets.class.getResourceAsStream(resource)) {
      return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
