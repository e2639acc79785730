package io.dbscope.engine.redis;

import io.dbscope.testkit.contract.DefinitionsContract;
import io.dbscope.testkit.contract.EngineUnderTest;
import redis.clients.jedis.Jedis;

/**
 * {@link DefinitionsContract} on Debian's Redis, with a few keys in two databases so that the
 * keyspace and command statistics have rows.
 */
class RedisDefinitionsTest extends DefinitionsContract {
  @Override
  protected EngineUnderTest start() {
    RedisUnderTest redis = RedisUnderTest.start();
    try (Jedis j = Fixtures.client(redis.fixture())) {
      j.set("a", "1");
      j.expire("a", 600);
      j.get("a");
      j.select(1);
      j.set("b", "2");
    }
    return redis;
  }
}
