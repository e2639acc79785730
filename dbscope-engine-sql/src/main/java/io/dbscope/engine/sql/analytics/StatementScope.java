package io.dbscope.engine.sql.analytics;

import io.dbscope.core.config.DatasourceConfig;
import java.util.List;
import java.util.Locale;

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

  /** The scope written for a datasource ({@code AUTO} before {@link #resolve}). */
  public static StatementScope of(DatasourceConfig d) {
    return valueOf(d.option(AnalyticsOptions.STATEMENT_SCOPE).toUpperCase(Locale.ROOT));
  }

  /**
   * The datasource with {@code AUTO} replaced by what it means among all datasources of the config;
   * an engine's {@code resolveOptions}.
   */
  public static DatasourceConfig resolve(DatasourceConfig d, List<DatasourceConfig> all) {
    if (of(d) != AUTO) {
      return d;
    }
    String server = server(d);
    long sameServer = all.stream().filter(o -> o.enabled() && server(o).equals(server)).count();
    StatementScope scope = sameServer > 1 ? DATABASE : CLUSTER;
    return d.withOptions(
        d.options().with(AnalyticsOptions.STATEMENT_SCOPE, scope.name().toLowerCase(Locale.ROOT)));
  }

  private static String server(DatasourceConfig d) {
    // The binder fills host and port from a URL too.
    return d.engine() + "|" + d.host().toLowerCase(Locale.ROOT) + ":" + d.port();
  }
}
