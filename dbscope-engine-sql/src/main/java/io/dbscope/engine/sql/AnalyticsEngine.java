package io.dbscope.engine.sql;

import io.dbscope.core.config.DatasourceConfig;
import io.dbscope.core.config.EngineOptions;
import io.dbscope.core.config.OptionTable;
import io.dbscope.core.custom.QueryGuard;
import io.dbscope.core.engine.Engine;
import io.dbscope.engine.sql.analytics.AnalyticsOptions;
import io.dbscope.engine.sql.analytics.StatementScope;
import io.dbscope.engine.sql.guard.GuardOptions;
import io.dbscope.engine.sql.guard.SqlGuard;
import io.dbscope.sql.SqlDialect;
import java.util.List;

/**
 * A SQL engine with query analytics and the custom-SQL guard: it brings their keys (the analytics
 * keys per datasource, {@code allowedFunctions} at the top level), settles {@code statementScope =
 * "auto"} among the datasources, and guards custom queries in its {@link #dialect()}.
 */
public interface AnalyticsEngine extends Engine {

  /** The SQL the engine's server speaks, for the guard. */
  SqlDialect dialect();

  @Override
  default QueryGuard queryGuard(EngineOptions global) {
    return new SqlGuard(dialect(), GuardOptions.allowed(global));
  }

  /** Query analytics' keys. */
  @Override
  default List<OptionTable> optionTables() {
    return List.of(AnalyticsOptions.TABLE);
  }

  /** The custom-SQL guard's {@code allowedFunctions}. */
  @Override
  default List<OptionTable> globalOptionTables() {
    return List.of(GuardOptions.TABLE);
  }

  /** {@code statementScope = "auto"} narrows where several datasources name one server. */
  @Override
  default DatasourceConfig resolveOptions(DatasourceConfig config, List<DatasourceConfig> all) {
    return StatementScope.resolve(config, all);
  }
}
