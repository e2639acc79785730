package io.dbscope.cluster;

import io.dbscope.core.config.ClusterConfig;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.RedisSentinelClient;
import redis.clients.jedis.SslOptions;
import redis.clients.jedis.UnifiedJedis;

/**
 * The cluster's data in Redis, every change one Lua script so that no two instances interleave:
 *
 * <ul>
 *   <li>{@code dbscope:{name}:members}: hash, member id to {@code "weight url"};
 *   <li>{@code dbscope:{name}:lease:<id>}: a key with a TTL (PX) per live member;
 *   <li>{@code dbscope:{name}:epoch}: a counter INCR'd on every join, leave and expiry seen;
 *   <li>{@code dbscope:{name}:state:<datasource>}: hash with the handed-off or checkpointed state
 *       ({@code data}), the {@code epoch} and {@code owner} that wrote it, and {@code handoff} 1
 *       when written by an owner giving the datasource up.
 * </ul>
 *
 * <p>Expiry is Redis's own (PX), and times come from Redis's {@code TIME}, so that clocks of the
 * instances do not matter. The scripts touch keys they compute from a prefix, which is fine on a
 * single Redis or a Sentinel-managed primary (not on Redis Cluster).
 */
final class RedisStore implements AutoCloseable {

  /** One look at the cluster: renewing this member's lease, then the live members. */
  record Beat(boolean hadLease, long epoch, long redisMillis, List<Member> members) {}

  /** A saved state. */
  record Saved(byte[] data, long epoch, String owner, boolean handoff) {}

  private static final String BEAT =
      """
      local prefix = ARGV[1]
      local selfKey = prefix .. ARGV[2]
      local had = redis.call('EXISTS', selfKey)
      redis.call('SET', selfKey, '1', 'PX', ARGV[4])
      local changed = redis.call('HSET', KEYS[1], ARGV[2], ARGV[3])
      local all = redis.call('HGETALL', KEYS[1])
      local out = {}
      for i = 1, #all, 2 do
        if redis.call('EXISTS', prefix .. all[i]) == 1 then
          table.insert(out, all[i])
          table.insert(out, all[i + 1])
        else
          redis.call('HDEL', KEYS[1], all[i])
          changed = 1
        end
      end
      if changed == 1 then redis.call('INCR', KEYS[2]) end
      local epoch = redis.call('GET', KEYS[2]) or '0'
      local t = redis.call('TIME')
      return {had, epoch, t[1], t[2], out}
      """;

  private static final String LEAVE =
      """
      redis.call('DEL', KEYS[3])
      if redis.call('HDEL', KEYS[1], ARGV[1]) == 1 then redis.call('INCR', KEYS[2]) end
      return 1
      """;

  /** Writes only while the writer's lease lives and no newer epoch wrote: the fence. */
  private static final String SAVE =
      """
      if redis.call('EXISTS', KEYS[2]) == 0 then return 0 end
      local cur = tonumber(redis.call('HGET', KEYS[1], 'epoch') or '-1')
      if cur > tonumber(ARGV[1]) then return -1 end
      redis.call('HSET', KEYS[1], 'epoch', ARGV[1], 'owner', ARGV[2], 'handoff', ARGV[3],
        'data', ARGV[4])
      return 1
      """;

  private final UnifiedJedis redis;
  private final String prefix;

  RedisStore(ClusterConfig c) {
    this.prefix = "dbscope:{" + c.name() + "}:";
    int ms = (int) Math.max(100, Math.min(2000, c.lease().toMillis() / 3));
    JedisClientConfig client = client(c, ms, true);
    if (c.sentinels().isEmpty()) {
      this.redis =
          RedisClient.builder()
              .hostAndPort(HostAndPort.from(c.redis()))
              .clientConfig(client)
              .build();
    } else {
      Set<HostAndPort> sentinels = new HashSet<>();
      c.sentinels().forEach(s -> sentinels.add(HostAndPort.from(s)));
      this.redis =
          RedisSentinelClient.builder()
              .masterName(c.sentinelMaster())
              .sentinels(sentinels)
              .sentinelClientConfig(client(c, ms, false))
              .clientConfig(client)
              .build();
    }
  }

  private static JedisClientConfig client(ClusterConfig c, int timeoutMs, boolean auth) {
    DefaultJedisClientConfig.Builder b =
        DefaultJedisClientConfig.builder()
            .connectionTimeoutMillis(timeoutMs)
            .socketTimeoutMillis(timeoutMs)
            .clientName("dbscope-cluster");
    if (c.tls()) {
      // The JVM's default trust store and full hostname verification, as the Redis engine does.
      b.sslOptions(SslOptions.defaults());
    }
    if (auth && !c.password().isEmpty()) {
      if (!c.redisUser().isEmpty()) {
        b.user(c.redisUser());
      }
      b.password(c.password().reveal());
    }
    return b.build();
  }

  private String members() {
    return prefix + "members";
  }

  private String epoch() {
    return prefix + "epoch";
  }

  private String lease() {
    return prefix + "lease:";
  }

  private String state(String datasource) {
    return prefix + "state:" + datasource;
  }

  /** Renews (or takes) this member's lease and reads the live members, removing expired ones. */
  Beat beat(Member self, Duration lease) {
    List<?> r =
        (List<?>)
            redis.eval(
                BEAT,
                List.of(members(), epoch()),
                List.of(lease(), self.id(), self.encode(), Long.toString(lease.toMillis())));
    boolean had = ((Long) r.get(0)) == 1L;
    long epoch = Long.parseLong(String.valueOf(r.get(1)));
    long millis =
        Long.parseLong(String.valueOf(r.get(2))) * 1000
            + Long.parseLong(String.valueOf(r.get(3))) / 1000;
    List<?> flat = (List<?>) r.get(4);
    List<Member> live = new ArrayList<>(flat.size() / 2);
    for (int i = 0; i + 1 < flat.size(); i += 2) {
      live.add(Member.decode(String.valueOf(flat.get(i)), String.valueOf(flat.get(i + 1))));
    }
    return new Beat(had, epoch, millis, live);
  }

  /** Leaves at once: the others see the change at their next beat, not a lease later. */
  void leave(Member self) {
    redis.eval(LEAVE, List.of(members(), epoch(), lease() + self.id()), List.of(self.id()));
  }

  /**
   * @return 1 written, 0 refused because this member's lease is gone, -1 refused because a newer
   *     epoch wrote
   */
  long save(String datasource, Member self, long epoch, boolean handoff, byte[] data) {
    Object r =
        redis.eval(
            SAVE.getBytes(StandardCharsets.UTF_8),
            List.of(bytes(state(datasource)), bytes(lease() + self.id())),
            List.of(
                bytes(Long.toString(epoch)), bytes(self.id()), bytes(handoff ? "1" : "0"), data));
    return (Long) r;
  }

  Optional<Saved> load(String datasource) {
    List<byte[]> v =
        redis.hmget(
            bytes(state(datasource)),
            bytes("data"),
            bytes("epoch"),
            bytes("owner"),
            bytes("handoff"));
    if (v.get(0) == null) {
      return Optional.empty();
    }
    return Optional.of(
        new Saved(
            v.get(0),
            v.get(1) == null ? -1 : Long.parseLong(text(v.get(1))),
            v.get(2) == null ? "" : text(v.get(2)),
            v.get(3) != null && text(v.get(3)).equals("1")));
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String text(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    redis.close();
  }
}
