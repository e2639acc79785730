package io.dbscope.engine.redis;

import io.dbscope.core.config.DatasourceBuilder;
import io.dbscope.core.config.DatasourceConfig;
import io.dbscope.core.config.Secret;
import io.dbscope.testkit.RedisFixture;
import java.time.Duration;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

/** Datasource configs and client connections for Redis fixtures. */
final class Fixtures {
  private Fixtures() {}

  static DatasourceBuilder config(String name, RedisFixture redis) {
    return DatasourceConfig.builder(name, "redis")
        .host(redis.host())
        .port(redis.port())
        .password(Secret.of(redis.password()))
        .connectTimeout(Duration.ofSeconds(2))
        .queryTimeout(Duration.ofSeconds(2));
  }

  /** A plain client for putting a workload on the server (not the code under test). */
  static Jedis client(RedisFixture redis) {
    DefaultJedisClientConfig.Builder b =
        DefaultJedisClientConfig.builder().timeoutMillis(5000).autoNegotiateProtocol(false);
    if (!redis.password().isEmpty()) {
      b.password(redis.password());
    }
    return new Jedis(new HostAndPort(redis.host(), redis.port()), b.build());
  }
}
