package io.dbscope.server.console;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The console's shared HTML: the page frame (navigation, stylesheet, scripts from dbscope's own
 * {@code /static/}), escaping, number formats, links that keep a view's query, and the inline SVG
 * sparkline. Plain string building: pages are small and a template engine would be one more
 * dependency for four pages.
 */
public final class Html {
  private static final ObjectMapper JSON =
      new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

  private Html() {}

  /** A whole page; {@code charts} adds uPlot (only the pages that draw charts need it). */
  public static String page(String title, String active, String body, boolean charts) {
    StringBuilder sb = new StringBuilder(body.length() + 2048);
    sb.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">")
        .append("<title>")
        .append(esc(title))
        .append(" · dbscope</title><link rel=\"stylesheet\" href=\"/static/console.css\">");
    if (charts) {
      sb.append("<link rel=\"stylesheet\" href=\"/static/uPlot.min.css\">")
          .append("<script src=\"/static/uPlot.iife.min.js\" defer></script>");
    }
    sb.append("<script src=\"/static/htmx.min.js\" defer></script>")
        .append("<script src=\"/static/console.js\" defer></script></head><body>")
        .append("<nav><b>dbscope</b>")
        .append(nav("/", "Fleet", active))
        .append(nav("/sql", "Top SQL", active))
        .append("<span class=\"sp\"></span><a href=\"/metrics\">Metrics</a>")
        .append("<a href=\"/api/v1/openapi.json\">API</a></nav><main>")
        .append(body)
        .append("</main></body></html>\n");
    return sb.toString();
  }

  private static String nav(String href, String label, String active) {
    return "<a href=\""
        + href
        + "\""
        + (label.equals(active) ? " class=\"on\"" : "")
        + ">"
        + label
        + "</a>";
  }

  public static String esc(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder sb = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<' -> sb.append("&lt;");
        case '>' -> sb.append("&gt;");
        case '&' -> sb.append("&amp;");
        case '"' -> sb.append("&quot;");
        case '\'' -> sb.append("&#39;");
        default -> sb.append(c);
      }
    }
    return sb.toString();
  }

  public static String url(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** {@code path?k=v&…} with the non-empty parameters, in order, escaped for an attribute. */
  public static String link(String path, Map<String, String> params) {
    StringBuilder sb = new StringBuilder(path);
    char sep = '?';
    for (var e : params.entrySet()) {
      if (e.getValue() != null && !e.getValue().isEmpty()) {
        sb.append(sep).append(url(e.getKey())).append('=').append(url(e.getValue()));
        sep = '&';
      }
    }
    return esc(sb.toString());
  }

  /** Parameters in order, skipping empty ones: {@code params("sort", s, "page", "2")}. */
  public static Map<String, String> params(String... kv) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return m;
  }

  /** A number with up to three significant decimals, or a dash when unknown. */
  public static String num(Double v) {
    if (v == null || v.isNaN()) {
      return "–";
    }
    double a = Math.abs(v);
    if (v == Math.rint(v) && a < 1e15) {
      return String.format(java.util.Locale.ROOT, "%,d", (long) (double) v);
    }
    if (a >= 1000) {
      return String.format(java.util.Locale.ROOT, "%,.0f", v);
    }
    if (a >= 10 || a == 0) {
      return String.format(java.util.Locale.ROOT, "%.1f", v).replace(".0", "");
    }
    return String.format(java.util.Locale.ROOT, "%.3g", v);
  }

  /** Seconds as ms or s. */
  public static String seconds(Double v) {
    if (v == null || v.isNaN()) {
      return "–";
    }
    return v < 1 ? num(v * 1000) + " ms" : num(v) + " s";
  }

  /** An ISO-8601 instant as its time of day to the second ({@code 21:43:48Z}), for tables. */
  public static String time(String iso) {
    if (iso == null || iso.length() < 19) {
      return iso == null ? "" : iso;
    }
    return "<time datetime=\""
        + esc(iso)
        + "\" title=\""
        + esc(iso)
        + "\">"
        + esc(iso.substring(11, 19))
        + "Z</time>";
  }

  public static String opt(Optional<String> o) {
    return o.orElse("");
  }

  /** A 100 × 20 SVG line of the values (nulls are gaps); empty when there is nothing to draw. */
  public static String sparkline(List<Double> values) {
    double max = 0;
    int known = 0;
    for (Double v : values) {
      if (v != null && !v.isNaN()) {
        max = Math.max(max, v);
        known++;
      }
    }
    if (known < 2) {
      return "<svg class=\"spark\" viewBox=\"0 0 100 20\"></svg>";
    }
    StringBuilder sb = new StringBuilder("<svg class=\"spark\" viewBox=\"0 0 100 20\"><path d=\"");
    int n = values.size();
    boolean pen = false;
    for (int i = 0; i < n; i++) {
      Double v = values.get(i);
      if (v == null || v.isNaN()) {
        pen = false;
        continue;
      }
      double x = n == 1 ? 0 : i * 100.0 / (n - 1);
      double y = max == 0 ? 19 : 19 - v / max * 18;
      sb.append(pen ? 'L' : 'M')
          .append(Math.round(x * 10) / 10.0)
          .append(' ')
          .append(Math.round(y * 10) / 10.0);
      pen = true;
    }
    return sb.append("\"/></svg>").toString();
  }

  /** Data for a page script, as JSON inside a non-executing script element. */
  public static String data(String id, Object value) {
    try {
      String json = JSON.writeValueAsString(value).replace("</", "<\\/");
      return "<script type=\"application/json\" id=\"" + id + "\">" + json + "</script>";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the page's data: " + e.getMessage(), e);
    }
  }

  /** Previous and next page links that keep every other parameter. */
  public static String pager(String path, Map<String, String> params, int page, int pages) {
    StringBuilder sb = new StringBuilder("<div class=\"pager\">");
    if (page > 1) {
      Map<String, String> p = new LinkedHashMap<>(params);
      p.put("page", String.valueOf(page - 1));
      sb.append("<a rel=\"prev\" href=\"").append(link(path, p)).append("\">‹ prev</a>");
    }
    sb.append("<span>page ").append(page).append(" of ").append(pages).append("</span>");
    if (page < pages) {
      Map<String, String> p = new LinkedHashMap<>(params);
      p.put("page", String.valueOf(page + 1));
      sb.append("<a rel=\"next\" href=\"").append(link(path, p)).append("\">next ›</a>");
    }
    return sb.append("</div>").toString();
  }
}
