package io.dbscope.engine.jdbc;

import io.dbscope.core.config.Option;
import io.dbscope.core.config.OptionTable;
import io.dbscope.sql.SqlDialect;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** The keys of {@code engine = "jdbc"} datasources: which driver, and which SQL it speaks. */
public final class JdbcOptions {
  public static final Option<Optional<Path>> DRIVER_PATH =
      Option.path(
          "driverPath",
          "a driver jar, or a directory of jars, relative to the config file; loaded in a class"
              + " loader of this datasource's own. Empty: a driver on dbscope's class path",
          DriverJars::problems);

  public static final Option<String> DRIVER_CLASS =
      Option.string(
          "driverClass",
          "",
          "the driver's class name; empty: the JDBC 4 driver that registers itself and accepts"
              + " the url");

  public static final Option<String> SQL_DIALECT =
      Option.choice(
          "sqlDialect",
          "neutral",
          SqlDialect.builtIn().stream().map(SqlDialect::name).toList(),
          "the SQL the custom-query guard reads; neutral: only what every dialect allows");

  public static final Option<String> READ_ONLY_STATEMENT =
      Option.string(
          "readOnlyStatement",
          "SET TRANSACTION READ ONLY",
          "run first in each custom query's transaction so that the server refuses writes; empty"
              + " for a database that has no such statement (H2, SQLite): then only the driver's"
              + " read-only flag and the guard stand between a query and a write");

  public static final OptionTable TABLE =
      new OptionTable(
          "Generic JDBC",
          "Keys of `engine = \"jdbc\"` datasources: the driver and the SQL dialect of the guard.",
          List.of(DRIVER_PATH, DRIVER_CLASS, SQL_DIALECT, READ_ONLY_STATEMENT));

  private JdbcOptions() {}

  static SqlDialect dialect(String written) {
    return SqlDialect.named(written);
  }
}
