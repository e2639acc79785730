package io.dbscope.engine.dameng;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbscope.core.config.DatasourceConfig;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The engine's own checks: its URL, its names, its groups. */
class DamengEngineTest {
  private final DamengEngine engine = new DamengEngine();

  @Test
  void aUrlMustBeDmsAndCarryNoPassword() {
    DatasourceConfig pg =
        DatasourceConfig.builder("x", "dameng")
            .url(URI.create("jdbc:postgresql://127.0.0.1/x"))
            .build();
    DatasourceConfig pwd =
        DatasourceConfig.builder("x", "dameng")
            .url(URI.create("jdbc:dm://127.0.0.1:5236?user=SYSDBA&password=s3cret"))
            .build();
    DatasourceConfig host = DatasourceConfig.builder("x", "dameng").host("127.0.0.1").build();

    assertThat(engine.validate(pg))
        .containsExactly("url: must start with 'jdbc:dm:' for engine dameng");
    assertThat(engine.validate(pwd))
        .containsExactly("url: must not carry a password; give it in dbPwd, dbPwdFile or ENC()")
        .noneMatch(p -> p.contains("s3cret"));
    assertThat(engine.validate(host)).isEmpty();
  }

  @Test
  void namesAndGroupsAreDamengExportersAndTheSeeds() {
    assertThat(engine.id()).isEqualTo("dameng");
    assertThat(engine.aliases()).containsExactly("dm");
    assertThat(engine.defaultPort()).isEqualTo(5236);
    assertThat(engine.upMetric()).isEqualTo("dmdb_up");
    assertThat(engine.groupSwitches()).containsOnlyKeys("dmhs");
    assertThat(DamengDialect.parts("DM Database Server 64 V8 8.1.3.140"))
        .isEqualTo(List.of(8, 1, 3, 140));
    assertThat(DamengDialect.parts("V8")).isEqualTo(List.of(8));
    assertThat(DamengDialect.parts("8.1.3.140")).isEqualTo(List.of(8, 1, 3, 140));
  }
}
