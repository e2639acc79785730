package io.dbscope.engine.redis;

import io.dbscope.core.config.DatasourceBuilder;
import io.dbscope.testkit.RedisFixture;
import io.dbscope.testkit.contract.EngineUnderTest;

/** Redis on a started {@link RedisFixture}, for the contracts of the test kit. */
final class RedisUnderTest implements EngineUnderTest {
  private final RedisFixture redis;
  private final RedisEngine engine = new RedisEngine();

  RedisUnderTest(RedisFixture redis) {
    this.redis = redis;
  }

  /** Debian's redis-server, with a password. */
  static RedisUnderTest start() {
    return new RedisUnderTest(RedisFixture.system().password("contract-Pw-1").start());
  }

  RedisFixture fixture() {
    return redis;
  }

  @Override
  public RedisEngine engine() {
    return engine;
  }

  @Override
  public String name() {
    return "redis";
  }

  @Override
  public DatasourceBuilder datasource(String name) {
    return Fixtures.config(name, redis);
  }

  @Override
  public String builtInCollector() {
    return "info";
  }

  /**
   * A command outside what a Redis definition may say: the engine refuses it when the collector
   * runs, as the server would refuse an unknown command.
   */
  @Override
  public String failingQuery() {
    return "NOSUCHCOMMAND";
  }

  @Override
  public void close() {
    redis.close();
  }
}
