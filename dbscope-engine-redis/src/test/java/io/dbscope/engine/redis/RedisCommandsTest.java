package io.dbscope.engine.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbscope.core.custom.QueryGuard;
import io.dbscope.testkit.RedisFixture;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Protocol;

/**
 * The guard's command lists held against a real Redis 7 (Debian's): every command and subcommand
 * the server itself flags {@code write}, {@code pubsub} or {@code blocking} is refused as not
 * read-only or not allowed, with that reason, not as an unknown command (it would be refused either
 * way: only {@link RedisQuery} forms pass). {@code PUBSUB NUMPAT} and the other {@code PUBSUB}
 * subcommands carry the pubsub flag but only count channels: they are read-only. ({@code admin} is
 * no sign of writing: {@code SLOWLOG GET} and {@code CONFIG GET} carry it.)
 */
class RedisCommandsTest {
  private static final List<String> FLAGS = List.of("write", "pubsub", "blocking");

  /** A command or subcommand ({@code CONFIG SET}) and its flags, from {@code COMMAND}. */
  private record Command(String name, List<String> flags) {}

  @Test
  void everyCommandTheServerFlagsAsWritingOrBlockingIsRefusedAsSuch() {
    List<Command> commands;
    try (RedisFixture redis = RedisFixture.system().start();
        Jedis j = Fixtures.client(redis)) {
      commands = commands(j.sendCommand(Protocol.Command.COMMAND));
    }
    assertThat(commands).hasSizeGreaterThan(200);
    QueryGuard guard = new RedisQueryGuard();
    List<Command> flagged =
        commands.stream()
            .filter(c -> c.flags().stream().anyMatch(FLAGS::contains))
            .filter(c -> !c.name().startsWith("PUBSUB "))
            .toList();
    assertThat(flagged).extracting(Command::name).contains("FLUSHALL", "SET", "SUBSCRIBE", "BLPOP");
    for (Command c : flagged) {
      QueryGuard.Verdict v = guard.check(c.name() + " some-key 1", false);
      assertThat(v.accepted()).as(c.toString()).isFalse();
      assertThat(v.reason())
          .as(c.toString())
          .containsAnyOf(" is not read-only: ", " is not allowed: ");
    }
  }

  private static List<Command> commands(Object reply) {
    List<Command> out = new ArrayList<>();
    for (Object o : (List<?>) reply) {
      List<?> entry = (List<?>) o;
      String name = text(entry.get(0)).toUpperCase(Locale.ROOT).replace('|', ' ');
      List<String> flags = ((List<?>) entry.get(2)).stream().map(RedisCommandsTest::text).toList();
      out.add(new Command(name, flags));
      if (entry.size() > 9) {
        out.addAll(commands(entry.get(9)));
      }
    }
    return out;
  }

  private static String text(Object o) {
    return o instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : String.valueOf(o);
  }
}
