package io.dbscope.cluster;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Weighted rendezvous (highest-random-weight) hashing: each datasource goes to the member with the
 * highest score {@code -weight / ln(u)}, where {@code u} in (0, 1) is a hash of datasource and
 * member. Every instance computes the same answer from the same member list, without talking to the
 * others.
 *
 * <p>Why this and not {@code id % members} (the seed's scheme): when a member joins, only the
 * datasources whose new top score is the newcomer's move (its weighted share, 1/(n+1) with equal
 * weights); when one leaves, only its own datasources move. Modulo moves about n/(n+1) of
 * everything (75 % from 3 to 4 members, measured in the seed). The score {@code -w/ln(u)} makes the
 * chance of winning proportional to the weight (Schindelhauer and Schomaker, "Weighted distributed
 * hash tables", 2005), and needs no virtual nodes.
 *
 * <pre>{@code
 * Map<String, Member> owners = Rendezvous.assign(List.of("pg-1", "pg-2"), members);
 * }</pre>
 *
 * <p>Cost: one 64-bit hash per datasource and per member, then one mix per pair; 10,000 datasources
 * over 50 members take a few milliseconds.
 */
public final class Rendezvous {
  private Rendezvous() {}

  /** The owner of each datasource; empty when there are no members. */
  public static Map<String, Member> assign(Collection<String> datasources, List<Member> members) {
    Map<String, Member> out = HashMap.newHashMap(datasources.size());
    if (members.isEmpty()) {
      return out;
    }
    long[] seeds = new long[members.size()];
    for (int i = 0; i < seeds.length; i++) {
      seeds[i] = hash(members.get(i).id());
    }
    for (String d : datasources) {
      out.put(d, members.get(best(hash(d), seeds, members)));
    }
    return out;
  }

  /** The owner of one datasource, or null without members. */
  public static Member ownerOf(String datasource, List<Member> members) {
    if (members.isEmpty()) {
      return null;
    }
    long[] seeds = new long[members.size()];
    for (int i = 0; i < seeds.length; i++) {
      seeds[i] = hash(members.get(i).id());
    }
    return members.get(best(hash(datasource), seeds, members));
  }

  private static int best(long key, long[] seeds, List<Member> members) {
    int best = 0;
    double top = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < seeds.length; i++) {
      double s = score(mix(key ^ seeds[i]), members.get(i).weight());
      // Ties (practically impossible) go to the smaller id, so every instance agrees.
      if (s > top || s == top && members.get(i).id().compareTo(members.get(best).id()) < 0) {
        top = s;
        best = i;
      }
    }
    return best;
  }

  /** {@code -w / ln(u)} with {@code u} from the top 53 bits, never 0 or 1. */
  static double score(long h, double weight) {
    double u = ((h >>> 11) + 0.5) * 0x1.0p-53;
    return -weight / Math.log(u);
  }

  /** FNV-1a over the UTF-8 bytes, then {@link #mix}: stable across JVMs and platforms. */
  static long hash(String s) {
    long h = 0xcbf29ce484222325L;
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      h ^= b & 0xff;
      h *= 0x100000001b3L;
    }
    return mix(h);
  }

  /** SplitMix64's finalizer: every input bit affects every output bit. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }
}
