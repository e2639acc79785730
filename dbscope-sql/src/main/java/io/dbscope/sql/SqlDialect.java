package io.dbscope.sql;

/**
 * The SQL an engine's server speaks, as far as the custom-SQL guard must know it: how the server
 * folds function names, which schema holds its built-in functions, and which functions it has built
 * in (see {@code io.dbscope.sql.AllowedFunctions}).
 *
 * <p>An engine that does not say which dialect it speaks gets {@link #NEUTRAL}: only what every
 * dialect accepts, read the strictest way, so that not knowing the server never widens what runs.
 */
public enum SqlDialect {
  /**
   * PostgreSQL: unquoted names are lower-cased, quoted names are exact; built-ins live in {@code
   * pg_catalog}; {@code (value).name} and {@code alias.name} may call a function.
   */
  POSTGRES,
  /**
   * MySQL and MariaDB: function names compare without regard to case; a built-in is called only
   * when its name is written unquoted and directly before {@code (}; no schema holds built-ins.
   */
  MYSQL,
  /** Unknown: the functions both others have built in, under the rules of both. */
  NEUTRAL
}
