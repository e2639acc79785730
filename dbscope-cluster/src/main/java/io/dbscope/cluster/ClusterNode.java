package io.dbscope.cluster;

import io.dbscope.core.cluster.ClusterView;
import io.dbscope.core.config.ClusterConfig;
import io.dbscope.core.engine.DatasourceState;
import io.dbscope.core.metrics.SampleBatch;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This instance's part in a cluster: every lease/3 it renews its lease in Redis and reads the live
 * members ({@link RedisStore#beat}); when the member list has been the same for {@code settle} it
 * applies the {@link Rendezvous} assignment; it hands query-analytics state over when a datasource
 * moves and checkpoints it every {@code checkpoint}.
 *
 * <p>Invariants, and how they hold:
 *
 * <ul>
 *   <li><b>Self-fencing</b>: ownership counts only while the last successful renewal is less than a
 *       lease old (local monotonic clock, measured from before the renewal was sent, so it ends no
 *       later than the key in Redis). A process that was paused ({@code kill -STOP}) owns nothing
 *       the moment it resumes, and if Redis says its lease had expired it starts over as a new
 *       member, settle included. So two live instances own a datasource at once for at most the
 *       time between two beats of different instances (less than a lease).
 *   <li><b>Redis down</b>: when a renewal fails to reach Redis while the lease was still valid, the
 *       current assignment is kept for {@code redisDownGrace} (no handoffs, no changes), since the
 *       others cannot change membership either; after that, nothing is owned until Redis answers.
 *       When Redis is back, changes wait a lease (every live member re-registers within it), then
 *       the usual settle applies before anything moves. The price: an instance cut off from Redis
 *       alone keeps scraping for up to the grace while the others take its datasources over
 *       (documented in docs/operations.md).
 *   <li><b>Handoff</b>: the owner giving a datasource up stops scraping it first, and one beat
 *       later (so that a collection in flight has finished) writes its state fenced by epoch and
 *       lease ({@link RedisStore#save}). The new owner starts scraping only once it has loaded that
 *       state, or, when the previous owner is gone, the last checkpoint; it waits at most a lease.
 * </ul>
 *
 * <pre>{@code
 * ClusterNode node = new ClusterNode(config.cluster().orElseThrow(), datasources);
 * node.start();
 * boolean mine = node.ownsLocally("pg-17");
 * node.close(); // hands state over and leaves at once
 * }</pre>
 */
public final class ClusterNode implements ClusterView, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ClusterNode.class);

  /** The fleet as the cluster needs to see it: names, and the state each datasource keeps. */
  public interface Datasources {
    /** Enabled datasources of the running config. */
    Collection<String> names();

    /** The states {@code name} keeps (empty when none, or when it is unknown). */
    List<DatasourceState> states(String name);
  }

  /** Numbers for the self-metrics. */
  record Figures(
      int members, int datasources, int owned, long epoch, boolean redisUp, boolean fenced) {}

  /** What the HTTP side reads: replaced as a whole after each beat. */
  private record Published(
      Map<String, Member> assignment, Set<String> owned, List<Member> members, long epoch) {
    static final Published NONE = new Published(Map.of(), Set.of(), List.of(), 0);
  }

  private final ClusterConfig config;
  private final Member self;
  private final Datasources datasources;
  private final RedisStore store;
  private final ClusterStats stats;
  private final ScheduledExecutorService timer;
  private final long leaseNanos;
  private final long settleNanos;
  private final long graceNanos;
  private final long checkpointNanos;

  private volatile Published published = Published.NONE;
  private volatile long lastRenewNanos;
  private volatile long downSinceNanos; // 0 while Redis answers
  private volatile long attemptSinceNanos; // start of the renewal in flight, 0 when none
  private volatile boolean everRenewed;

  // Owned by the beat thread.
  private final Set<String> owned = new HashSet<>();
  private final StateHandoff handoff;
  private List<Member> candidate;
  private long candidateSinceNanos;
  private List<Member> applied;
  private Set<String> appliedNames = Set.of();
  private long lastCheckpointNanos;
  private long holdUntilNanos;
  private int beats;
  private boolean joined;
  private long epoch;

  public ClusterNode(ClusterConfig config, Datasources datasources) {
    this.config = config;
    String url = config.advertise().toString();
    this.self = new Member(url, url, config.weight());
    this.datasources = datasources;
    this.store = new RedisStore(config);
    this.stats = new ClusterStats(config.name());
    this.leaseNanos = config.lease().toNanos();
    this.settleNanos = config.settle().toNanos();
    this.graceNanos = config.redisDownGrace().toNanos();
    this.checkpointNanos = config.checkpoint().toNanos();
    this.handoff = new StateHandoff(config.name(), self, datasources, store, stats, leaseNanos);
    // nanoTime has an arbitrary origin (it may be negative): start the clocks from now.
    this.holdUntilNanos = System.nanoTime();
    this.lastCheckpointNanos = holdUntilNanos;
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("dbscope-cluster").factory());
  }

  /** Starts beating; nothing is owned before the membership has settled once. */
  public void start() {
    long period = Math.max(50, config.lease().toMillis() / 3);
    timer.scheduleWithFixedDelay(this::beatSafely, 0, period, TimeUnit.MILLISECONDS);
    log.info(
        "cluster {}: joining through {} as {} (lease {} ms, settle {} ms)",
        config.name(),
        config.redisText(),
        self.id(),
        config.lease().toMillis(),
        config.settle().toMillis());
  }

  private void beatSafely() {
    try {
      beat();
    } catch (RuntimeException e) {
      log.error("cluster {}: beat failed: {}", config.name(), e.toString());
    }
  }

  private void beat() {
    long now = System.nanoTime();
    beats++;
    RedisStore.Beat b;
    attemptSinceNanos = now;
    try {
      b = store.beat(self, config.lease());
    } catch (RuntimeException e) {
      stats.renewFailed();
      attemptSinceNanos = 0;
      if (downSinceNanos == 0) {
        downSinceNanos = now;
        log.warn(
            "cluster {}: cannot reach Redis ({}); keeping the current {} datasource(s) for up to"
                + " {} s, no handoffs",
            config.name(),
            e.getMessage(),
            owned.size(),
            config.redisDownGrace().toSeconds());
      }
      return;
    }
    boolean wasDown = downSinceNanos != 0;
    if (wasDown) {
      // The members' leases may all have expired meanwhile; each re-registers at its next beat.
      // Holding changes for a lease keeps a view with only the quickest of them from settling.
      holdUntilNanos = now + leaseNanos;
      log.info("cluster {}: Redis answers again", config.name());
    }
    lastRenewNanos = now;
    downSinceNanos = 0;
    attemptSinceNanos = 0;
    everRenewed = true;
    epoch = b.epoch();
    List<Member> members = b.members().stream().sorted(Comparator.comparing(Member::id)).toList();
    if (joined && !b.hadLease() && !wasDown) {
      // Our lease had expired in Redis (a pause, a slow network): the others may have taken our
      // datasources; start over as a new member.
      log.warn("cluster {}: our lease had expired; rejoining, owning nothing", config.name());
      owned.clear();
      handoff.clear();
      applied = null;
      candidate = null;
    }
    joined = true;
    if (!members.equals(candidate)) {
      candidate = members;
      candidateSinceNanos = now;
    }
    Set<String> names = Set.copyOf(datasources.names());
    boolean stable = now - candidateSinceNanos >= settleNanos && now - holdUntilNanos >= 0;
    if (stable && !candidate.equals(applied)) {
      apply(candidate, names);
    } else if (applied != null && !names.equals(appliedNames) && now - holdUntilNanos >= 0) {
      apply(applied, names);
    }
    handoff.progress(now, members, owned, epoch);
    handoff.handOver(beats, owned, epoch);
    if (now - lastCheckpointNanos >= checkpointNanos) {
      lastCheckpointNanos = now;
      handoff.checkpoint(owned, epoch);
    }
    publish(members);
  }

  private void apply(List<Member> members, Set<String> names) {
    Map<String, Member> before = published.assignment();
    Map<String, Member> next = Rendezvous.assign(names, members);
    int gained = 0;
    int lost = 0;
    for (String d : List.copyOf(owned)) {
      if (!self.equals(next.get(d))) {
        owned.remove(d);
        handoff.lost(d, beats);
        lost++;
      }
    }
    handoff.forgetPending(d -> !self.equals(next.get(d)));
    // Who had a gained datasource: our previous assignment says, or, right after joining, the
    // owner among the others (the one we take it from).
    List<Member> others = members.stream().filter(m -> !m.equals(self)).toList();
    boolean fresh = applied == null;
    for (var e : next.entrySet()) {
      String d = e.getKey();
      if (e.getValue().equals(self) && !owned.contains(d) && !handoff.isPending(d)) {
        Member previous = fresh ? Rendezvous.ownerOf(d, others) : before.get(d);
        handoff.gained(d, previous, epoch);
        gained++;
      }
    }
    applied = members;
    appliedNames = names;
    published = new Published(Map.copyOf(next), Set.copyOf(owned), members, epoch);
    log.info(
        "cluster {}: {} member(s) at epoch {}: taking {}, giving up {}, owning {} of {}",
        config.name(),
        members.size(),
        epoch,
        gained,
        lost,
        owned.size() + handoff.pendingCount(),
        names.size());
  }

  private void publish(List<Member> members) {
    Published p = published;
    published = new Published(p.assignment(), Set.copyOf(owned), members, epoch);
  }

  /** Whether ownership counts now: the lease is fresh, or Redis is down within the grace. */
  private boolean valid() {
    if (!everRenewed) {
      return false;
    }
    long now = System.nanoTime();
    long down = downSinceNanos;
    long last = lastRenewNanos;
    if (down == 0 && now - last >= leaseNanos) {
      // A renewal that is still waiting on Redis may be the start of an outage (connect and read
      // timeouts add up): the grace counts from its start, as it will once it has failed.
      down = attemptSinceNanos;
    }
    if (down != 0 && down - last < leaseNanos) {
      return now - down < graceNanos;
    }
    return now - last < leaseNanos;
  }

  @Override
  public boolean clustered() {
    return true;
  }

  @Override
  public boolean ownsLocally(String datasource) {
    return published.owned().contains(datasource) && valid();
  }

  @Override
  public Optional<Owner> ownerOf(String datasource) {
    if (!valid()) {
      return Optional.empty();
    }
    Member m = published.assignment().get(datasource);
    return m == null ? Optional.empty() : Optional.of(owner(m));
  }

  @Override
  public List<Owner> members() {
    return published.members().stream().map(this::owner).toList();
  }

  private Owner owner(Member m) {
    return new Owner(m.id(), m.url(), m.equals(self));
  }

  /** Every owner by datasource, for {@code /sd}; empty while fenced. */
  public Map<String, Owner> owners() {
    if (!valid()) {
      return Map.of();
    }
    Map<String, Owner> out = new LinkedHashMap<>();
    published.assignment().forEach((d, m) -> out.put(d, owner(m)));
    return out;
  }

  /** The {@code dbscope_cluster_*} self-metrics. */
  public void samples(SampleBatch out) {
    Published p = published;
    boolean valid = valid();
    stats.export(
        out,
        new Figures(
            p.members().size(),
            datasources.names().size(),
            valid ? p.owned().size() : 0,
            p.epoch(),
            downSinceNanos == 0 && everRenewed,
            !valid));
  }

  long handoffs(String result) {
    return stats.handoffs(result);
  }

  /**
   * Leaves gracefully: stops owning, hands every owned state over, deletes the lease and bumps the
   * epoch, so that the others take over at their next beat plus settle instead of a lease later.
   */
  @Override
  public void close() {
    timer.shutdownNow();
    try {
      timer.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    Set<String> mine = Set.copyOf(owned);
    owned.clear();
    published = Published.NONE;
    try {
      if (downSinceNanos == 0 && everRenewed) {
        handoff.handOverNow(mine, epoch);
        store.leave(self);
        log.info("cluster {}: left, handing over {} datasource(s)", config.name(), mine.size());
      }
    } catch (RuntimeException e) {
      log.warn("cluster {}: could not leave cleanly: {}", config.name(), e.toString());
    } finally {
      store.close();
    }
  }
}
