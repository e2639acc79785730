package io.dbscope.core.metrics;

import io.prometheus.metrics.model.snapshots.Labels;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * The text of label sets for one answer: each label of a set as {@code name="value"} bytes, escaped
 * once per set and answer. The sets are shared objects (a row's set by every metric of the row and
 * every datasource of a fleet, a datasource's by all its samples), so most samples find their
 * labels already written; escaping every value of every sample character by character was a tenth
 * of a PostgreSQL scrape's CPU.
 *
 * <p>The sets also live from one scrape to the next ({@code LabelCache}, a datasource's own), so
 * the text of the last answer's sets is kept for the next one: writing it again in every answer was
 * a tenth of what the scrape of one Redis datasource allocated (JFR allocation samples). A set
 * unused for a whole answer is dropped, so that sets made anew for each scrape are held for at most
 * one more. Not thread-safe: one answer at a time.
 */
final class LabelText {
  /** Past this many sets (labels made anew for each sample), the rest are written directly. */
  private static final int SETS = 65_536;

  private static final byte[][] NONE = new byte[0][];
  private Map<Labels, byte[][]> sets = new IdentityHashMap<>();
  private Map<Labels, byte[][]> previous = new IdentityHashMap<>();
  private final TextBuffer one = new TextBuffer(128);

  /**
   * Past this many sets in an answer, their text is not kept for the next one: a fleet's answer has
   * tens of thousands (the mixed 1,000 datasources held 16 MB more between scrapes), and next to
   * its hundreds of thousands of samples, writing the sets again costs little.
   */
  private static final int KEPT_SETS = 4096;

  /**
   * Ends an answer: its sets stay at hand for the next one, older ones are dropped; a fleet's
   * answer keeps none.
   */
  void answerDone() {
    if (sets.size() > KEPT_SETS || previous.size() > KEPT_SETS) {
      // New maps: cleared ones would keep their tables.
      sets = new IdentityHashMap<>();
      previous = new IdentityHashMap<>();
      return;
    }
    Map<Labels, byte[][]> dropped = previous;
    dropped.clear();
    previous = sets;
    sets = dropped;
  }

  /**
   * Writes {@code row} and {@code constant} as one label set, in name order, a row label hiding
   * {@code constant}'s of the same name (see {@link SampleBatch.Point}).
   */
  void write(TextBuffer buf, Labels row, Labels constant) {
    write(buf, row, constant, of(constant));
  }

  /**
   * {@link #write(TextBuffer, Labels, Labels)} with {@code constant}'s text already at hand: a
   * family's points mostly share one datasource's set, looked up once for all of them.
   */
  void write(TextBuffer buf, Labels row, Labels constant, byte[][] c) {
    byte[][] r = of(row);
    int n = r.length;
    int m = c.length;
    int i = 0;
    int j = 0;
    char before = '{';
    while (i < n || j < m) {
      int order = i == n ? 1 : j == m ? -1 : compareNames(row, i, constant, j);
      buf.append(before);
      if (order <= 0) {
        buf.append(r[i++]);
        if (order == 0) {
          j++;
        }
      } else {
        buf.append(c[j++]);
      }
      before = ',';
    }
    if (before == ',') {
      buf.append('}');
    }
  }

  /**
   * The text of each label of {@code labels}, for {@link #write(TextBuffer, Labels, Labels,
   * byte[][])}.
   */
  byte[][] of(Labels labels) {
    // Not isEmpty(): client_java's compares the set with the empty one name by name, which was a
    // hundredth of a fleet's scrape, twice per sample here.
    if (labels.size() == 0) {
      return NONE;
    }
    byte[][] p = sets.get(labels);
    if (p == null) {
      p = previous.get(labels);
      if (p == null) {
        p = text(labels);
      }
      if (sets.size() < SETS) {
        sets.put(labels, p);
      }
    }
    return p;
  }

  private byte[][] text(Labels labels) {
    byte[][] p = new byte[labels.size()][];
    for (int i = 0; i < p.length; i++) {
      one.append(labels.getPrometheusName(i)).append('=').append('"');
      one.escaped(labels.getValue(i), true).append('"');
      p[i] = one.toBytes();
      one.clear();
    }
    return p;
  }

  /** Sets whose text is held. */
  int held() {
    return sets.size() + previous.size();
  }

  private static int compareNames(Labels a, int i, Labels b, int j) {
    String x = a.getPrometheusName(i);
    String y = b.getPrometheusName(j);
    return x == y ? 0 : x.compareTo(y);
  }
}
