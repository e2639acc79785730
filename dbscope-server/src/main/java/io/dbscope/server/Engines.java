package io.dbscope.server;

import io.dbscope.core.engine.EngineCatalog;
import io.dbscope.engine.mysql.MysqlEngine;
import io.dbscope.engine.postgres.PostgresEngine;
import io.dbscope.engine.redis.RedisEngine;
import java.util.List;

/** The one explicit list of engines in this build; each loads and checks its definitions here. */
public final class Engines {
  private Engines() {}

  public static EngineCatalog catalog() {
    return new EngineCatalog(List.of(new PostgresEngine(), new MysqlEngine(), new RedisEngine()));
  }
}
