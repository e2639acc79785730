package io.dbscope.engine.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbscope.core.config.EngineOptions;
import io.dbscope.core.custom.QueryGuard;
import io.dbscope.core.definition.Definition;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The engine's guard of custom Redis queries: the read-only {@link RedisQuery} language passes,
 * everything else is refused with a reason that names the command but never the words after it.
 */
class RedisQueryGuardTest {
  private final QueryGuard guard = new RedisEngine().queryGuard(EngineOptions.none());

  @Test
  void theQueryLanguageOfTheBuiltInsIsAccepted() {
    List<String> queries =
        List.of(
            "INFO",
            "info memory",
            "INFO server memory AS ROW",
            "INFO commandstats",
            "INFO\n  replication\n  AS RECORDS",
            "CONFIG GET maxmemory",
            "config get *",
            "CONFIG GET *pass*",
            "CONFIG GET client-output-buffer-limit AS BUFFER_LIMITS",
            "SLOWLOG LEN",
            "slowlog last",
            "LATENCY LATEST",
            "LATENCY HISTOGRAM",
            "CONFIG GET * AS SETTINGS",
            "client list");
    for (String q : queries) {
      QueryGuard.Verdict v = guard.check(q, false);
      assertThat(v.accepted()).as(q).isTrue();
      assertThat(v.parsed()).as(q).isTrue();
    }
    for (Definition d : new RedisEngine().definitions()) {
      assertThat(guard.check(d.query(), false).accepted()).as(d.origin()).isTrue();
    }
  }

  /** Query, and what its refusal must say. */
  private static Map<String, String> refused() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("CONFIG SET maxmemory 1234567", "CONFIG SET is not read-only");
    m.put("config set requirepass Hunter2-Secret", "CONFIG SET is not read-only");
    m.put("CONFIG RESETSTAT", "CONFIG RESETSTAT is not read-only");
    m.put("CONFIG REWRITE", "CONFIG REWRITE is not read-only");
    m.put("FLUSHALL", "FLUSHALL is not read-only: it deletes every key");
    m.put("flushdb async", "FLUSHDB is not read-only: it deletes every key");
    m.put("EVAL \"return redis.call('del', KEYS[1])\" 1 victim-key", "EVAL is not read-only");
    m.put("EVAL_RO \"return 1\" 0", "EVAL_RO is not read-only: it runs a script");
    m.put("FCALL wipe 0", "FCALL is not read-only");
    m.put("SCRIPT FLUSH", "SCRIPT is not read-only");
    m.put("DEBUG SLEEP 30", "DEBUG is not read-only");
    m.put("SHUTDOWN NOSAVE", "SHUTDOWN is not read-only: it stops the server");
    m.put("BGSAVE", "BGSAVE is not read-only: it writes files");
    m.put("REPLICAOF evil.example.org 6379", "REPLICAOF is not read-only");
    m.put("SET victim-key overwritten", "SET is not read-only: it writes or deletes keys");
    m.put("DEL victim-key", "DEL is not read-only");
    m.put("LPOP job-queue", "LPOP is not read-only");
    m.put("SLOWLOG RESET", "SLOWLOG RESET is not read-only: it clears what monitoring reads");
    m.put("LATENCY RESET", "LATENCY RESET is not read-only");
    m.put("CLIENT KILL ID 7", "CLIENT is not read-only");
    m.put("CHECK KEYS user:*", "a key check takes no arguments");
    m.put("ACL SETUSER intruder on", "ACL is not read-only");
    m.put("MODULE LOAD /tmp/evil.so", "MODULE is not read-only");
    m.put("SELECT 3", "SELECT is not allowed: it switches dbscope's connection to another");
    m.put("AUTH someone Pa55word", "AUTH is not allowed");
    m.put("MULTI", "MULTI is not allowed: it changes the state of dbscope's connection");
    m.put("MONITOR", "MONITOR is not allowed");
    m.put("SUBSCRIBE news", "SUBSCRIBE is not allowed");
    m.put("GET session-token", "GET is read-only, but not one of the forms dbscope runs");
    m.put("KEYS user:*", "KEYS is read-only, but not one");
    m.put("DBSIZE", "DBSIZE is read-only, but not one");
    m.put("MEMORY STATS", "MEMORY is read-only, but not one");
    m.put("SLOWLOG GET 10", "SLOWLOG is read-only, but not one");
    m.put("SELECT count(*) FROM users", "a Redis datasource takes Redis commands, not SQL");
    m.put("Hunter2-Secret", "unknown command (supported: INFO [section ...]");
    m.put("FROB the-widget", "unknown command");
    m.put("   ", "empty query");
    m.put(
        "INFO server AS TABLE",
        "INFO AS must be followed by KEYVALUE, RECORDS, ROW or PERCENTILES");
    m.put("INFO server memory AS RECORDS", "INFO AS RECORDS needs exactly one section");
    m.put("CONFIG GET maxmemory maxclients", "CONFIG GET takes one pattern");
    m.put("SLOWLOG LEN 5", "SLOWLOG LEN takes no arguments");
    m.put("LATENCY LATEST right-now", "LATENCY LATEST takes no arguments");
    m.put("CONFIG GET requirepass", "CONFIG GET of a setting that holds a password");
    m.put("config get MasterAuth", "CONFIG GET of a setting that holds a password");
    return m;
  }

  @Test
  void everythingElseIsRefusedWithAReasonThatNamesTheCommandOnly() {
    Map<String, String> cases = refused();
    assertThat(cases).hasSizeGreaterThanOrEqualTo(40);
    cases.forEach(
        (query, reason) -> {
          for (boolean unchecked : List.of(false, true)) {
            QueryGuard.Verdict v = guard.check(query, unchecked);
            assertThat(v.accepted()).as(query).isFalse();
            assertThat(v.reason()).as(query).contains(reason);
          }
        });
  }

  /** Arguments may be keys, passwords or script text: none of them may appear in a reason. */
  @Test
  void reasonsNeverRepeatWhatFollowsTheCommand() {
    List<String> secrets =
        List.of(
            "hunter2-secret",
            "1234567",
            "victim-key",
            "evil.example.org",
            "pa55word",
            "someone",
            "session-token",
            "user:*",
            "/tmp/evil.so",
            "intruder",
            "the-widget",
            "job-queue",
            "wipe",
            "requirepass",
            "masterauth",
            "maxclients",
            "table",
            "news",
            "right-now",
            "users");
    for (String query : refused().keySet()) {
      String reason = guard.check(query, false).reason().toLowerCase(Locale.ROOT);
      for (String s : secrets) {
        assertThat(reason).as(query).doesNotContain(s);
      }
    }
    assertThat(guard.check("Hunter2-Secret", false).reason())
        .startsWith("unknown command (supported: ");
  }
}
