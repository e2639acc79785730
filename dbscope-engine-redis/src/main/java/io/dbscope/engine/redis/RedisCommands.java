package io.dbscope.engine.redis;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What {@link RedisQueryGuard} knows of the Redis commands outside {@link RedisQuery}, so that a
 * refused custom query says why: a command that writes or administers the server is "not
 * read-only"; a read-only command that dbscope does not run is named as such; anything else is an
 * unknown command. Only names listed here are ever repeated in a reason, never the words a user
 * wrote, which may be values (a key, a password).
 *
 * <p>The lists need not be complete for safety: the guard accepts only what {@link RedisQuery}
 * parses, so a command missing here is refused all the same, only with a vaguer reason.
 */
final class RedisCommands {
  private static final String KEYS = "not read-only: it writes or deletes keys";
  private static final String SCRIPT =
      "not read-only: it runs a script or function, which may write";
  private static final String STATE = "not allowed: it changes the state of dbscope's connection";
  private static final String ADMIN =
      "not read-only: it changes the server's configuration or state";

  /**
   * Why a command (its name, or name and subcommand) is refused; a subcommand is written {@code
   * NAME:SUB}.
   */
  private static final Map<String, String> NOT_READ_ONLY = table();

  private static Map<String, String> table() {
    Map<String, String> m = new HashMap<>();
    for (String c :
        List.of(
            "SET SETEX PSETEX SETNX SETRANGE GETSET GETDEL GETEX APPEND DEL UNLINK INCR INCRBY",
            "INCRBYFLOAT DECR DECRBY MSET MSETNX EXPIRE PEXPIRE EXPIREAT PEXPIREAT PERSIST RENAME",
            "RENAMENX MOVE COPY RESTORE TOUCH HSET HSETNX HMSET HDEL HINCRBY HINCRBYFLOAT HGETDEL",
            "HGETEX HSETEX HEXPIRE HPEXPIRE HEXPIREAT HPEXPIREAT HPERSIST",
            "LPUSH RPUSH LPUSHX RPUSHX LPOP RPOP LSET LREM LTRIM LINSERT LMOVE LMPOP RPOPLPUSH",
            "BLPOP BRPOP BLMOVE BLMPOP BRPOPLPUSH SADD SREM SPOP SMOVE SINTERSTORE SUNIONSTORE",
            "SDIFFSTORE ZADD ZREM ZINCRBY ZPOPMIN ZPOPMAX BZPOPMIN BZPOPMAX ZMPOP BZMPOP",
            "ZREMRANGEBYSCORE ZREMRANGEBYRANK",
            "ZREMRANGEBYLEX ZUNIONSTORE ZINTERSTORE ZDIFFSTORE ZRANGESTORE XADD XDEL XTRIM XGROUP",
            "XACK XCLAIM XAUTOCLAIM XSETID XREADGROUP PFADD PFMERGE PFCOUNT GEOADD GEORADIUS",
            "GEORADIUSBYMEMBER GEOSEARCHSTORE SORT SETBIT BITOP BITFIELD PUBLISH SPUBLISH SWAPDB",
            "MIGRATE RESTORE-ASKING")) {
      put(m, c, KEYS);
    }
    put(m, "FLUSHALL FLUSHDB", "not read-only: it deletes every key");
    put(m, "EVAL EVALSHA EVAL_RO EVALSHA_RO FCALL FCALL_RO", SCRIPT);
    put(m, "FUNCTION SCRIPT", "not read-only: it loads, deletes or kills scripts and functions");
    put(m, "DEBUG PFDEBUG PFSELFTEST", "not read-only: it can crash, block or change the server");
    put(m, "SHUTDOWN", "not read-only: it stops the server");
    put(m, "SAVE BGSAVE BGREWRITEAOF", "not read-only: it writes files on the server");
    put(m, "REPLICAOF SLAVEOF FAILOVER REPLCONF", "not read-only: it changes replication");
    put(m, "CLUSTER ACL MODULE", ADMIN);
    put(m, "CONFIG:SET CONFIG:RESETSTAT CONFIG:REWRITE", ADMIN);
    put(
        m,
        "SLOWLOG:RESET LATENCY:RESET MEMORY:PURGE",
        "not read-only: it clears what monitoring reads");
    put(m, "CLIENT", "not read-only: it can kill, pause or rename connections");
    put(
        m,
        "SELECT",
        "not allowed: it switches dbscope's connection to another database (a Redis datasource"
            + " takes Redis commands, not SQL)");
    put(m, "AUTH HELLO RESET QUIT MULTI EXEC DISCARD WATCH UNWATCH READONLY READWRITE", STATE);
    put(m, "SUBSCRIBE PSUBSCRIBE SSUBSCRIBE UNSUBSCRIBE PUNSUBSCRIBE SUNSUBSCRIBE", STATE);
    put(m, "MONITOR SYNC PSYNC WAIT WAITAOF", STATE);
    put(m, "XREAD", "not allowed: it can block dbscope's connection");
    return Map.copyOf(m);
  }

  /**
   * Read-only commands that dbscope does not run: their reply is user data or already in {@code
   * INFO} (see docs/custom-metrics.md).
   */
  private static final Set<String> READS =
      Set.of(
          "GET",
          "MGET",
          "STRLEN",
          "GETRANGE",
          "SUBSTR",
          "EXISTS",
          "TYPE",
          "TTL",
          "PTTL",
          "EXPIRETIME",
          "PEXPIRETIME",
          "KEYS",
          "SCAN",
          "RANDOMKEY",
          "DBSIZE",
          "DUMP",
          "OBJECT",
          "HGET",
          "HMGET",
          "HGETALL",
          "HKEYS",
          "HVALS",
          "HLEN",
          "HEXISTS",
          "HSTRLEN",
          "HSCAN",
          "HRANDFIELD",
          "LLEN",
          "LRANGE",
          "LINDEX",
          "LPOS",
          "SCARD",
          "SMEMBERS",
          "SISMEMBER",
          "SMISMEMBER",
          "SRANDMEMBER",
          "SSCAN",
          "SINTER",
          "SINTERCARD",
          "SUNION",
          "SDIFF",
          "ZCARD",
          "ZCOUNT",
          "ZSCORE",
          "ZMSCORE",
          "ZRANK",
          "ZREVRANK",
          "ZRANGE",
          "ZREVRANGE",
          "ZRANGEBYSCORE",
          "ZREVRANGEBYSCORE",
          "ZRANGEBYLEX",
          "ZLEXCOUNT",
          "ZSCAN",
          "XLEN",
          "XRANGE",
          "XREVRANGE",
          "XINFO",
          "XPENDING",
          "GETBIT",
          "BITCOUNT",
          "BITPOS",
          "GEOPOS",
          "GEODIST",
          "GEOHASH",
          "GEOSEARCH",
          "MEMORY",
          "COMMAND",
          "TIME",
          "LASTSAVE",
          "ROLE",
          "PING",
          "ECHO",
          "PUBSUB",
          "LOLWUT",
          "SLOWLOG",
          "LATENCY",
          "CONFIG");

  /** Read-only subcommands of a command that is refused as a whole ({@code CLIENT KILL}). */
  private static final Set<String> READ_SUBCOMMANDS = Set.of("CLIENT LIST");

  private RedisCommands() {}

  private static void put(Map<String, String> m, String names, String why) {
    for (String n : names.split(" ")) {
      m.put(n.replace(':', ' '), why);
    }
  }

  /**
   * Why the command in {@code words} (upper case) is refused, naming it (never the arguments);
   * empty when it is none known to write or change state.
   */
  static Optional<String> notReadOnly(List<String> words) {
    String name = words.getFirst();
    String sub = words.size() > 1 ? name + " " + words.get(1) : "";
    if (READ_SUBCOMMANDS.contains(sub)) {
      return Optional.empty();
    }
    if (NOT_READ_ONLY.containsKey(sub)) {
      return Optional.of(sub + " is " + NOT_READ_ONLY.get(sub));
    }
    return Optional.ofNullable(NOT_READ_ONLY.get(name)).map(why -> name + " is " + why);
  }

  /** Whether {@code name} (upper case) is a read-only command (of those dbscope knows). */
  static boolean readOnly(String name) {
    return READS.contains(name);
  }
}
