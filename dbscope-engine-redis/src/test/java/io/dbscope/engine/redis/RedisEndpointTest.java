package io.dbscope.engine.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dbscope.core.config.DatasourceBuilder;
import io.dbscope.core.config.DatasourceConfig;
import io.dbscope.core.config.Secret;
import java.net.URI;
import org.junit.jupiter.api.Test;

class RedisEndpointTest {
  private static DatasourceBuilder ds() {
    return DatasourceConfig.builder("cache", "redis").host("10.0.0.5").port(6380);
  }

  @Test
  void hostPortUserPasswordAndDatabaseFromTheDatasourceKeys() {
    RedisEndpoint e =
        RedisEndpoint.of(ds().user("app").password(Secret.of("pw")).database("3").build());

    assertThat(e).isEqualTo(new RedisEndpoint("10.0.0.5", 6380, "app", Secret.of("pw"), 3, false));
  }

  @Test
  void noPortMeansTheDefaultPort() {
    assertThat(RedisEndpoint.of(ds().port(0).build()).port()).isEqualTo(6379);
  }

  @Test
  void aUrlWinsWithItsCredentialsAndDatabase() {
    RedisEndpoint e =
        RedisEndpoint.of(
            ds().user("ignored")
                .password(Secret.of("ignored"))
                .database("1")
                .url(URI.create("rediss://acl:s%40cret@redis.example:6390/5"))
                .build());

    assertThat(e)
        .isEqualTo(new RedisEndpoint("redis.example", 6390, "acl", Secret.of("s@cret"), 5, true));
  }

  @Test
  void aUrlWithOnlyAPasswordKeepsTheConfiguredUserAndDatabase() {
    RedisEndpoint e =
        RedisEndpoint.of(ds().database("2").url(URI.create("redis://:pw@localhost")).build());

    assertThat(e).isEqualTo(new RedisEndpoint("localhost", 6379, "", Secret.of("pw"), 2, false));
  }

  @Test
  void problemsAreReadableAndNeverShowThePassword() {
    DatasourceConfig bad =
        ds().database("orders").url(URI.create("http://u:topsecret@host/x")).build();

    assertThat(RedisEndpoint.problems(bad))
        .containsExactly(
            "database: must be a Redis database index (0, 1, ...), not 'orders'",
            "url: must start with redis:// or rediss://",
            "url: the path must be a database index such as /0");
    assertThatThrownBy(() -> RedisEndpoint.of(bad)).message().doesNotContain("topsecret");
  }

  @Test
  void toStringShowsNoPassword() {
    RedisEndpoint e = new RedisEndpoint("h", 1, "u", Secret.of("topsecret"), 0, true);

    assertThat(e.toString()).isEqualTo("rediss://u@h:1/0");
  }
}
