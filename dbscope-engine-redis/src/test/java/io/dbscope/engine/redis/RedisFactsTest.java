package io.dbscope.engine.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbscope.core.definition.ServerVersion;
import io.dbscope.core.engine.ServerFacts;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RedisFactsTest {
  @Test
  void versionRoleModulesAndStartTime() {
    InfoText info =
        InfoText.parse(
            """
            # Server
            redis_version:7.2.4
            server_time_usec:1700000100500000
            uptime_in_seconds:100
            # Replication
            role:slave
            # Modules
            module:name=search,ver=21005,api=1,filters=0,usedby=[],using=[ReJSON],options=[]
            module:name=ReJSON,ver=20609,api=1,filters=0,usedby=[search],using=[],options=[]
            """,
            Instant.EPOCH);

    ServerFacts f = RedisFacts.of(info);

    assertThat(f.versionText()).isEqualTo("7.2.4");
    assertThat(f.version()).isEqualTo(ServerVersion.parse("7.2.4"));
    assertThat(f.role()).isEqualTo(ServerFacts.Role.REPLICA);
    assertThat(f.extensions()).containsExactlyInAnyOrder("search", "ReJSON");
    assertThat(f.startTime()).contains(Instant.ofEpochSecond(1700000000));
  }

  @Test
  void aPrimaryWithoutModules() {
    ServerFacts f =
        RedisFacts.of(
            InfoText.parse("# Server\nredis_version:6.2.6\n# Replication\nrole:master\n"));

    assertThat(f.role()).isEqualTo(ServerFacts.Role.PRIMARY);
    assertThat(f.extensions()).isEmpty();
    assertThat(f.startTime()).isEqualTo(Optional.empty());
  }

  @Test
  void theStartTimeIsStableAcrossReadsOfTheSameServer() {
    String first = "# Server\nserver_time_usec:1700000100000001\nuptime_in_seconds:100\n";
    String later = "# Server\nserver_time_usec:1700000107999999\nuptime_in_seconds:107\n";

    assertThat(RedisFacts.of(InfoText.parse(later)).startTime())
        .isEqualTo(RedisFacts.of(InfoText.parse(first)).startTime());
  }
}
