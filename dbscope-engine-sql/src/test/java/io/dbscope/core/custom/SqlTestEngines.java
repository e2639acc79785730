package io.dbscope.core.custom;

import io.dbscope.engine.sql.guard.GuardOptions;
import io.dbscope.engine.sql.guard.SqlGuard;
import io.dbscope.sql.SqlDialect;
import java.util.Locale;

/**
 * Core's {@link TestEngine} with the SQL guard of a dialect, for the tests of loading custom
 * metrics whose queries the guard judges. The engine id is the dialect's name in lower case.
 */
public final class SqlTestEngines {
  private SqlTestEngines() {}

  public static TestEngine of(SqlDialect dialect) {
    return new TestEngine(
        dialect.name().toLowerCase(Locale.ROOT),
        global -> new SqlGuard(dialect, GuardOptions.allowed(global)));
  }

  public static TestEngine postgres() {
    return of(SqlDialect.POSTGRES);
  }
}
