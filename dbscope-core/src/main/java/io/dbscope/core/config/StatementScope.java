package io.dbscope.core.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Which statements a datasource's query analytics reads ({@code statementScope}). The statistics
 * views are server-wide (pg_stat_statements, performance_schema's digest summary), so when several
 * datasources are databases of one server, every one of them would read, track and export every
 * database's statements: the same work and the same series N times over, and N times the memory.
 *
 * <ul>
 *   <li>{@code CLUSTER}: every statement of the server, as postgres_exporter and mysqld_exporter
 *       read them (the {@code datname}/{@code schema} label tells databases apart);
 *   <li>{@code DATABASE}: only the statements run in the database the datasource connects to;
 *   <li>{@code AUTO} (the default): {@code DATABASE} when another enabled datasource of the same
 *       engine names the same server ({@code dbHost} or URL host and port), {@code CLUSTER}
 *       otherwise. Resolved once when the config is loaded; the loaded config never holds it.
 * </ul>
 */
public enum StatementScope {
  AUTO,
  CLUSTER,
  DATABASE;

  /** The datasources with every {@code AUTO} replaced by what it means among these datasources. */
  static List<DatasourceConfig> resolve(List<DatasourceConfig> datasources) {
    Map<String, Integer> perServer = new HashMap<>();
    for (DatasourceConfig d : datasources) {
      if (d.enabled()) {
        perServer.merge(server(d), 1, Integer::sum);
      }
    }
    List<DatasourceConfig> out = new ArrayList<>(datasources.size());
    for (DatasourceConfig d : datasources) {
      if (d.statementScope() != AUTO) {
        out.add(d);
      } else {
        boolean shared = perServer.getOrDefault(server(d), 0) > 1;
        out.add(d.withStatementScope(shared ? DATABASE : CLUSTER));
      }
    }
    return out;
  }

  private static String server(DatasourceConfig d) {
    // The binder fills host and port from a URL too.
    return d.engine() + "|" + d.host().toLowerCase(Locale.ROOT) + ":" + d.port();
  }
}
