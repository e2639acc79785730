package io.dbscope.core.metrics;

import java.io.IOException;
import java.io.OutputStream;

/**
 * An answer's stream that can take its second part from another thread while the first is written:
 * a large answer is then written on two cores ({@link ExpositionWriter}).
 */
public interface SplitOutput {
  /**
   * A stream for what follows everything written to this one: written by one other thread, then
   * (after that thread is joined) by the writer, and closed before this one is. Asked for once per
   * answer, before anything is written to this one.
   */
  OutputStream tail() throws IOException;
}
