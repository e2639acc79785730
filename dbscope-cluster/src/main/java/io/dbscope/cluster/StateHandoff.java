package io.dbscope.cluster;

import io.dbscope.core.engine.DatasourceState;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state side of ownership changes for one {@link ClusterNode}: datasources gained wait here
 * until their state is loaded, datasources given up are written to Redis one beat later (so that a
 * collection in flight has finished), and owned ones are checkpointed. Called by the node's beat
 * thread only.
 *
 * <p>A gained datasource whose previous owner is still a member waits for that owner's handoff
 * record (written at this epoch or later), at most a lease; when the previous owner is gone, the
 * last record (a checkpoint, or the handoff of a graceful leave) is loaded at once; with none the
 * datasource starts from a new baseline.
 */
final class StateHandoff {
  private static final Logger log = LoggerFactory.getLogger(StateHandoff.class);

  private record Pending(Member previous, long sinceNanos, long epoch) {}

  private record GiveUp(String datasource, int beat) {}

  private final String cluster;
  private final Member self;
  private final ClusterNode.Datasources datasources;
  private final RedisStore store;
  private final ClusterStats stats;
  private final long leaseNanos;
  private final Map<String, Pending> pending = new HashMap<>();
  private final Queue<GiveUp> giveUps = new ArrayDeque<>();

  StateHandoff(
      String cluster,
      Member self,
      ClusterNode.Datasources datasources,
      RedisStore store,
      ClusterStats stats,
      long leaseNanos) {
    this.cluster = cluster;
    this.self = self;
    this.datasources = datasources;
    this.store = store;
    this.stats = stats;
    this.leaseNanos = leaseNanos;
  }

  void gained(String d, Member previous, long epoch) {
    pending.put(d, new Pending(previous, System.nanoTime(), epoch));
  }

  void lost(String d, int beat) {
    giveUps.add(new GiveUp(d, beat));
  }

  boolean isPending(String d) {
    return pending.containsKey(d);
  }

  int pendingCount() {
    return pending.size();
  }

  void forgetPending(Predicate<String> notMine) {
    pending.keySet().removeIf(notMine);
  }

  void clear() {
    pending.clear();
  }

  /** Moves gained datasources into {@code owned} once their state is loaded (or cannot be). */
  void progress(long now, List<Member> live, Set<String> owned, long epoch) {
    var it = pending.entrySet().iterator();
    while (it.hasNext()) {
      var e = it.next();
      String d = e.getKey();
      Pending p = e.getValue();
      List<DatasourceState> states = datasources.states(d);
      if (states.isEmpty()) {
        owned.add(d);
        it.remove();
        continue;
      }
      boolean previousLive =
          p.previous() != null && !p.previous().equals(self) && live.contains(p.previous());
      try {
        Optional<RedisStore.Saved> saved = store.load(d);
        boolean handedOver =
            saved.isPresent()
                && saved.get().handoff()
                && p.previous() != null
                && saved.get().owner().equals(p.previous().id())
                && saved.get().epoch() >= p.epoch();
        if (previousLive && !handedOver && now - p.sinceNanos() < leaseNanos) {
          continue; // the previous owner writes it within a beat or two
        }
        if (saved.isPresent()) {
          StateBlob.restore(states, saved.get().data());
          stats.handoff(handedOver || saved.get().handoff() ? "taken" : "recovered");
        } else {
          StateBlob.restore(states, new byte[0]);
          stats.handoff("fresh");
        }
      } catch (RuntimeException ex) {
        StateBlob.restore(states, new byte[0]);
        stats.handoff("failed");
        log.warn("cluster {}: cannot load the state of {}: {}", cluster, d, ex.toString());
      }
      owned.add(d);
      it.remove();
    }
  }

  /** Writes the state of datasources given up before beat {@code beats}, then forgets it here. */
  void handOver(int beats, Set<String> owned, long epoch) {
    while (!giveUps.isEmpty() && giveUps.peek().beat() < beats) {
      String d = giveUps.poll().datasource();
      if (owned.contains(d) || pending.containsKey(d)) {
        continue; // came back before it was written
      }
      List<DatasourceState> states = datasources.states(d);
      if (states.isEmpty()) {
        continue;
      }
      save(d, states, true, epoch);
      StateBlob.restore(states, new byte[0]);
      stats.stateDropped(d);
    }
  }

  /** A graceful leave: every owned datasource's state at once. */
  void handOverNow(Collection<String> owned, long epoch) {
    for (String d : owned) {
      List<DatasourceState> states = datasources.states(d);
      if (!states.isEmpty()) {
        save(d, states, true, epoch);
      }
    }
  }

  void checkpoint(Set<String> owned, long epoch) {
    for (String d : owned) {
      List<DatasourceState> states = datasources.states(d);
      if (!states.isEmpty()) {
        save(d, states, false, epoch);
      }
    }
  }

  private void save(String d, List<DatasourceState> states, boolean handoff, long epoch) {
    try {
      byte[] blob = StateBlob.export(states);
      long r = store.save(d, self, epoch, handoff, blob);
      if (r == 1) {
        stats.stateWritten(d, blob.length);
        if (handoff) {
          stats.handoff("given");
        }
      } else {
        stats.handoff("refused");
      }
    } catch (RuntimeException e) {
      stats.handoff("failed");
      log.warn("cluster {}: cannot save the state of {}: {}", cluster, d, e.toString());
    }
  }
}
