package io.dbscope.engine.redis;

import io.dbscope.core.custom.QueryGuard;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The guard of custom Redis metrics: a query may run iff it is a {@link RedisQuery}, the small
 * closed language of the built-in definitions, whose commands are all read-only. Unlike SQL there
 * is nothing to analyse: the session can only send the commands of a parsed {@code RedisQuery}, so
 * the guard's work is to refuse early (at load, with file and line) and to say why.
 *
 * <p>A reason names the command when it is one Redis knows ({@code FLUSHALL is not read-only: it
 * deletes every key}), never the words that follow it, which may be values such as the password of
 * a {@code CONFIG SET requirepass}. {@code unchecked} opens nothing: every Redis query is read in
 * full, and one that is not a {@code RedisQuery} could not be sent anyway.
 *
 * <pre>{@code
 * QueryGuard guard = new RedisQueryGuard();
 * guard.check("INFO memory AS ROW", false).accepted(); // true
 * guard.check("CONFIG SET maxmemory 1", false).reason(); // CONFIG SET is not read-only: ...
 * }</pre>
 */
final class RedisQueryGuard implements QueryGuard {
  private static final String SUPPORTED = " (supported: " + RedisQuery.SUPPORTED + ")";

  @Override
  public Verdict check(String query, boolean unchecked) {
    String text = query.strip();
    if (text.isEmpty()) {
      return Verdict.refuse("empty query" + SUPPORTED);
    }
    List<String> words =
        Arrays.stream(text.split("\\s+")).map(w -> w.toUpperCase(Locale.ROOT)).toList();
    var refused = RedisCommands.notReadOnly(words);
    if (refused.isPresent()) {
      return Verdict.refuse(refused.get());
    }
    try {
      if (RedisQuery.parse(text) instanceof RedisQuery.ConfigGet c
          && RedisQuery.ConfigGet.secret(c.pattern())
          && !c.pattern().matches(".*[*?\\[].*")) {
        return Verdict.refuse(
            "CONFIG GET of a setting that holds a password: dbscope never exports secret"
                + " settings");
      }
      return Verdict.accept(true);
    } catch (RedisQuery.Unsupported e) {
      if (!e.reason().isEmpty()) {
        return Verdict.refuse(e.reason() + SUPPORTED);
      }
      String name = words.getFirst();
      if (RedisCommands.readOnly(name)) {
        return Verdict.refuse(
            name + " is read-only, but not one of the forms dbscope runs for a metric" + SUPPORTED);
      }
      return Verdict.refuse("unknown command" + SUPPORTED);
    }
  }
}
