package io.dbscope.engine.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbscope.core.engine.ResultRows;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RecordRowsTest {

  private static InfoText info(String text) {
    return InfoText.parse(text, Instant.EPOCH);
  }

  @Test
  void keyspaceHasFixedColumnsAndPadsEmptyDatabasesInNameOrder() {
    InfoText info =
        info(
            """
            # Keyspace
            db0:keys=3,expires=1,avg_ttl=500
            db2:keys=7,expires=0,avg_ttl=0,subexpiry=2
            """);

    ResultRows rows = RecordRows.of(info, "keyspace", 4);

    assertThat(rows.columns()).containsExactly("db", "keys", "expires", "avg_ttl", "subexpiry");
    assertThat(rows.rows())
        .containsExactly(
            new Object[] {"db0", "3", "1", "500", null},
            new Object[] {"db1", "0", "0", null, null},
            new Object[] {"db2", "7", "0", "0", "2"},
            new Object[] {"db3", "0", "0", null, null});
  }

  @Test
  void keyspaceWithoutPaddingListsOnlyWhatInfoLists() {
    ResultRows rows = RecordRows.of(info("# Keyspace\n"), "keyspace", 0);

    assertThat(rows.columns()).containsExactly("db", "keys", "expires", "avg_ttl", "subexpiry");
    assertThat(rows.rows()).isEmpty();
  }

  @Test
  void commandstatsStripsThePrefixKeepsColumnsAcrossVersionsAndSortsByCommand() {
    InfoText info =
        info(
            """
            # Commandstats
            cmdstat_set:calls=61,usec=3139,usec_per_call=51.46,rejected_calls=1,failed_calls=2
            cmdstat_config|get:calls=2,usec=30,usec_per_call=15.00,rejected_calls=0,failed_calls=0
            """);
    InfoText before62 = info("# Commandstats\ncmdstat_get:calls=21,usec=175,usec_per_call=8.33\n");

    ResultRows rows = RecordRows.of(info, "commandstats", 0);
    ResultRows old = RecordRows.of(before62, "commandstats", 0);

    assertThat(rows.columns())
        .containsExactly("cmd", "calls", "usec", "usec_per_call", "rejected_calls", "failed_calls");
    assertThat(rows.rows())
        .containsExactly(
            new Object[] {"config|get", "2", "30", "15.00", "0", "0"},
            new Object[] {"set", "61", "3139", "51.46", "1", "2"});
    assertThat(old.columns()).isEqualTo(rows.columns());
    assertThat(old.rows()).containsExactly(new Object[] {"get", "21", "175", "8.33", null, null});
  }

  @Test
  void errorstatsGivesErrorAndCount() {
    InfoText info = info("# Errorstats\nerrorstat_ERR:count=4\nerrorstat_NOAUTH:count=3\n");

    ResultRows rows = RecordRows.of(info, "errorstats", 0);

    assertThat(rows.columns()).containsExactly("error", "count");
    assertThat(rows.rows())
        .containsExactly(new Object[] {"ERR", "4"}, new Object[] {"NOAUTH", "3"});
  }

  @Test
  void replicationRecordsAreTheConnectedReplicasOnly() {
    InfoText info =
        info(
            """
            # Replication
            role:master
            connected_slaves:2
            slave0:ip=10.0.0.2,port=6379,state=online,offset=42,lag=0
            slave1:ip=10.0.0.3,port=6380,state=wait_bgsave,offset=0,lag=1
            master_repl_offset:42
            """);

    ResultRows rows = RecordRows.of(info, "replication", 0);

    assertThat(rows.columns()).containsExactly("slave", "ip", "port", "state", "offset", "lag");
    assertThat(rows.rows())
        .containsExactly(
            new Object[] {"slave0", "10.0.0.2", "6379", "online", "42", "0"},
            new Object[] {"slave1", "10.0.0.3", "6380", "wait_bgsave", "0", "1"});
  }

  @Test
  void latencystatsHasOneColumnPerPercentile() {
    InfoText info =
        info("# Latencystats\nlatency_percentiles_usec_get:p50=1.003,p99=2.007,p99.9=4.015\n");

    ResultRows rows = RecordRows.of(info, "latencystats", 0);

    assertThat(rows.columns()).containsExactly("cmd", "p50", "p99", "p99.9");
    assertThat(rows.rows()).containsExactly(new Object[] {"get", "1.003", "2.007", "4.015"});
  }
}
