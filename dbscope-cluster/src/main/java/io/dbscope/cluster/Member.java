package io.dbscope.cluster;

/**
 * One live dbscope instance of a cluster, as its membership entry in Redis says.
 *
 * @param id the member's id: its advertised URL, stable across restarts so that a restarted
 *     instance gets the same datasources back
 * @param url the advertised base URL ({@code http://host:9630})
 * @param weight its relative share, more than 0
 */
public record Member(String id, String url, double weight) {

  /** The value stored in the members hash: {@code weight url}. */
  String encode() {
    return weight + " " + url;
  }

  /** Reads {@link #encode()}; a malformed entry gets weight 1 rather than being lost. */
  static Member decode(String id, String value) {
    int space = value.indexOf(' ');
    if (space < 0) {
      return new Member(id, id, 1.0);
    }
    double w;
    try {
      w = Double.parseDouble(value.substring(0, space));
    } catch (NumberFormatException e) {
      w = 1.0;
    }
    return new Member(id, value.substring(space + 1), w > 0 && Double.isFinite(w) ? w : 1.0);
  }
}
