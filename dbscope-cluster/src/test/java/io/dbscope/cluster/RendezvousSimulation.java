package io.dbscope.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * The figures of the pure simulation (no I/O) for bench/cluster.sh: D datasources over M members,
 * balance, datasources moved when one member joins or leaves, and the time to compute an
 * assignment; the modulo scheme of seed 002 beside it.
 *
 * <pre>{@code java -cp dbscope-cluster/target/classes:dbscope-cluster/target/test-classes \
 *   io.dbscope.cluster.RendezvousSimulation 10000 50}</pre>
 */
public final class RendezvousSimulation {
  private RendezvousSimulation() {}

  public static void main(String[] args) {
    int d = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    int m = args.length > 1 ? Integer.parseInt(args[1]) : 50;
    List<String> names = IntStream.range(0, d).mapToObj(i -> "proxy-" + i).toList();
    List<Member> members = RendezvousTest.members(m);
    for (int i = 0; i < 20; i++) {
      Rendezvous.assign(names, members); // warm-up, so that the timing is of compiled code
    }
    int runs = 50;
    long t0 = System.nanoTime();
    Map<String, Member> base = null;
    for (int i = 0; i < runs; i++) {
      base = Rendezvous.assign(names, members);
    }
    double ms = (System.nanoTime() - t0) / 1e6 / runs;
    var counts = RendezvousTest.counts(base).values();
    int min = counts.stream().mapToInt(Integer::intValue).min().orElse(0);
    int max = counts.stream().mapToInt(Integer::intValue).max().orElse(0);
    double mean = d / (double) m;
    double sd =
        Math.sqrt(counts.stream().mapToDouble(c -> (c - mean) * (c - mean)).sum() / counts.size());

    List<Member> joined = new ArrayList<>(members);
    joined.add(new Member("http://gateway-new.internal:9630", "http://gateway-new", 1.0));
    int movedJoin = RendezvousTest.moved(base, Rendezvous.assign(names, joined));
    List<Member> left = new ArrayList<>(members);
    left.remove(m / 2);
    int movedLeave = RendezvousTest.moved(base, Rendezvous.assign(names, left));
    long moduloJoin = IntStream.range(0, d).filter(i -> i % m != i % (m + 1)).count();
    long moduloLeave = IntStream.range(0, d).filter(i -> i % m != i % (m - 1)).count();

    System.out.printf(
        "| %d | %d | %.0f | %d / %d | %.1f | %d (%.1f %%; ideal %.1f %%) | %d (%.1f %%) | %d"
            + " (%.1f %%) | %d (%.1f %%) | %.2f |%n",
        d,
        m,
        mean,
        min,
        max,
        sd,
        movedJoin,
        100.0 * movedJoin / d,
        100.0 / (m + 1),
        moduloJoin,
        100.0 * moduloJoin / d,
        movedLeave,
        100.0 * movedLeave / d,
        moduloLeave,
        100.0 * moduloLeave / d,
        ms);
  }
}
