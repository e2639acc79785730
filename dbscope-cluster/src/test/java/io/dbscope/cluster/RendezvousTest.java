package io.dbscope.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The pure simulation of issue 19: 10,000 datasources over up to 50 members, no I/O. Balance,
 * datasources moved per membership change, and the same answer on every instance.
 */
class RendezvousTest {
  private static final List<String> DATASOURCES =
      IntStream.range(0, 10_000).mapToObj(i -> "proxy-" + i).toList();

  static List<Member> members(int n) {
    List<Member> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String url = "http://gateway-" + i + ".internal:9630";
      out.add(new Member(url, url, 1.0));
    }
    return out;
  }

  static Map<Member, Integer> counts(Map<String, Member> assignment) {
    Map<Member, Integer> c = new HashMap<>();
    assignment.values().forEach(m -> c.merge(m, 1, Integer::sum));
    return c;
  }

  static int moved(Map<String, Member> a, Map<String, Member> b) {
    int n = 0;
    for (var e : a.entrySet()) {
      if (!e.getValue().equals(b.get(e.getKey()))) {
        n++;
      }
    }
    return n;
  }

  @Test
  void fiftyMembersShareTenThousandDatasourcesEvenly() {
    Map<Member, Integer> c = counts(Rendezvous.assign(DATASOURCES, members(50)));

    assertThat(c).hasSize(50);
    // 200 expected each; binomial sd is about 14, so 6 sd either side.
    assertThat(c.values()).allSatisfy(n -> assertThat(n).isBetween(115, 285));
  }

  @Test
  void aFourthMemberTakesAQuarterAndNothingElseMoves() {
    List<Member> three = members(3);
    List<Member> four = members(4);
    Map<String, Member> before = Rendezvous.assign(DATASOURCES, three);
    Map<String, Member> after = Rendezvous.assign(DATASOURCES, four);

    assertThat(moved(before, after) / 10_000.0).isCloseTo(0.25, within(0.05));
    for (String d : DATASOURCES) {
      if (!before.get(d).equals(after.get(d))) {
        assertThat(after.get(d)).as("moves go only to the newcomer").isEqualTo(four.get(3));
      }
    }
  }

  @Test
  void aLeavingMemberGivesUpOnlyItsOwnDatasources() {
    List<Member> fifty = members(50);
    List<Member> fortyNine = new ArrayList<>(fifty);
    Member gone = fortyNine.remove(17);
    Map<String, Member> before = Rendezvous.assign(DATASOURCES, fifty);
    Map<String, Member> after = Rendezvous.assign(DATASOURCES, fortyNine);

    int owned = counts(before).get(gone);
    assertThat(moved(before, after)).isEqualTo(owned);
  }

  @Test
  void theOrderOfTheMemberListDoesNotMatter() {
    List<Member> m = members(7);
    List<Member> reversed = new ArrayList<>(m.reversed());

    assertThat(Rendezvous.assign(DATASOURCES, reversed))
        .isEqualTo(Rendezvous.assign(DATASOURCES, m));
    assertThat(Rendezvous.ownerOf("proxy-42", m))
        .isEqualTo(Rendezvous.assign(List.of("proxy-42"), m).get("proxy-42"));
  }

  @Test
  void aMemberOfDoubleWeightTakesAboutTwiceAsMany() {
    List<Member> m = new ArrayList<>(members(3));
    Member heavy = new Member(m.get(0).id(), m.get(0).url(), 2.0);
    m.set(0, heavy);

    Map<Member, Integer> c = counts(Rendezvous.assign(DATASOURCES, m));
    // Expected shares 2/4, 1/4, 1/4.
    assertThat(c.get(heavy) / 10_000.0).isCloseTo(0.5, within(0.03));
    assertThat(c.get(m.get(1)) / 10_000.0).isCloseTo(0.25, within(0.03));
  }

  @Test
  void moduloWouldMoveThreeQuartersWhereRendezvousMovesOne() {
    // The seed's scheme, for the record: proxy_id % gateway_count from 3 to 4 gateways.
    long modulo = IntStream.range(0, 10_000).filter(i -> i % 3 != i % 4).count();

    assertThat(modulo / 10_000.0).isCloseTo(0.75, within(0.01));
  }

  @Test
  void noMembersNoOwners() {
    assertThat(Rendezvous.assign(DATASOURCES, List.of())).isEmpty();
    assertThat(Rendezvous.ownerOf("x", List.of())).isNull();
  }

  @Test
  void memberEntriesRoundTripAndABrokenOneKeepsItsMember() {
    Member m = new Member("http://h:1", "http://h:1", 2.5);

    assertThat(Member.decode(m.id(), m.encode())).isEqualTo(m);
    assertThat(Member.decode("http://h:2", "x http://h:2"))
        .isEqualTo(new Member("http://h:2", "http://h:2", 1.0));
  }
}
