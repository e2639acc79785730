package io.dbscope.core.metrics;

import io.prometheus.metrics.model.snapshots.Labels;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/**
 * Writes families' sample lines in the text format into a buffer drained to an answer, read from
 * their batches' columns where they have them ({@link BatchColumns}): making a point object of each
 * sample to write it was an object per sample per scrape. One per answer (or part), on one thread.
 */
final class FamilyLines {
  private final TextBuffer buf;
  private final LabelText texts;
  private final OutputStream out;
  private final int flushBytes;

  /**
   * @param flushBytes {@code buf} is drained to {@code out} whenever it holds this much, within a
   *     family too: a fleet's family can be megabytes
   */
  FamilyLines(TextBuffer buf, LabelText texts, OutputStream out, int flushBytes) {
    this.buf = buf;
    this.texts = texts;
    this.out = out;
    this.flushBytes = flushBytes;
  }

  /** Writes {@code family}'s lines, each starting with {@code name} (bytes). */
  void write(byte[] name, MergedFamily family) throws IOException {
    BatchColumns only = family.onlyColumns();
    if (only != null) {
      columns(name, only, family.onlyFamily());
      return;
    }
    List<SampleBatch.Point> points = family.points();
    if (points instanceof FamilyParts parts) {
      for (int k = 0; k < parts.parts(); k++) {
        BatchColumns c = parts.columns(k);
        if (c != null) {
          columns(name, c, parts.family(k));
        } else {
          points(name, parts.part(k));
        }
      }
    } else if (points instanceof FamilyColumns c) {
      columns(name, c.batch(), c.family());
    } else {
      points(name, points);
    }
  }

  private void columns(byte[] name, BatchColumns c, int family) throws IOException {
    Labels shared = c.constant(family);
    byte[][] sharedText = shared != null ? texts.of(shared) : null;
    for (int i = c.start(family); i < c.end(family); i++) {
      Labels constant = shared != null ? shared : c.constLabels(family, i);
      byte[][] constText = shared != null ? sharedText : texts.of(constant);
      sample(name, c.suffix(family, i), c.rowLabels(i), constant, constText, c.value(i));
    }
  }

  private void points(byte[] name, List<SampleBatch.Point> points) throws IOException {
    for (SampleBatch.Point p : points) {
      Labels constant = p.constLabels();
      sample(name, p.suffix(), p.rowLabels(), constant, texts.of(constant), p.value());
    }
  }

  private void sample(
      byte[] name, String suffix, Labels row, Labels constant, byte[][] constText, double value)
      throws IOException {
    buf.append(name);
    if (!suffix.isEmpty()) {
      buf.append(suffix);
    }
    texts.write(buf, row, constant, constText);
    buf.append(' ').number(value).append('\n');
    if (buf.length() >= flushBytes) {
      buf.drainTo(out);
    }
  }
}
