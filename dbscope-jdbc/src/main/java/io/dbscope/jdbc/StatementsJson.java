package io.dbscope.jdbc;

import java.util.List;
import java.util.Locale;

/**
 * The per-fingerprint statistics as JSON, for an endpoint the application mounts (see {@link
 * StatementsHandler}) and for dbscope to read:
 *
 * <pre>{@code
 * {"datasources":[{"name":"orders","db_system_name":"postgresql","statements":[
 *   {"fingerprint":"8c1f…","operation":"SELECT","text":"select * from t where id = ?",
 *    "calls":100,"total_seconds":0.0123,"max_seconds":0.001,"errors":0,"rows":100}]}]}
 * }</pre>
 *
 * Texts are normalized ({@code ?} for every literal and parameter): no bound value is ever written.
 */
final class StatementsJson {
  private StatementsJson() {}

  static String write(Iterable<Instrument> instruments, int limit) {
    StringBuilder b = new StringBuilder("{\"datasources\":[");
    boolean firstDs = true;
    for (Instrument in : instruments) {
      b.append(firstDs ? "" : ",").append("{\"name\":");
      firstDs = false;
      string(b, in.name);
      DbSystem sys = in.system();
      b.append(",\"db_system_name\":");
      string(b, sys == null ? "" : sys.name());
      b.append(",\"statements\":[");
      List<StatementStats> top = in.statements.top(limit);
      for (int i = 0; i < top.size(); i++) {
        StatementStats s = top.get(i);
        b.append(i == 0 ? "" : ",").append("{\"fingerprint\":");
        string(b, s.fingerprint);
        b.append(",\"operation\":");
        string(b, s.operation);
        b.append(",\"text\":");
        string(b, s.text);
        b.append(",\"calls\":").append(s.calls.sum());
        b.append(",\"total_seconds\":").append(seconds(s.nanos.sum()));
        b.append(",\"max_seconds\":").append(seconds(s.maxNanos));
        b.append(",\"errors\":").append(s.errors.sum());
        b.append(",\"rows\":").append(s.rows.sum()).append('}');
      }
      b.append("]}");
    }
    return b.append("]}").toString();
  }

  private static String seconds(long nanos) {
    return String.format(Locale.ROOT, "%.9f", nanos / 1e9);
  }

  private static void string(StringBuilder b, String s) {
    b.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    b.append('"');
  }
}
