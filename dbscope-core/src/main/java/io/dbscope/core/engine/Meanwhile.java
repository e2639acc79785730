package io.dbscope.core.engine;

/**
 * Work a collection may do while it waits for its server: the scrape's own figures (the JVM's and
 * the process's), which need nothing from the database. A session that sends its requests and then
 * waits for the replies (Redis's pipeline) runs it between the two, so that the scrape's thread
 * works while the server does rather than before it; when nothing ran it, the scrape runs it after
 * the collection. Runs at most once, on the thread that collects; not thread-safe.
 */
public final class Meanwhile {
  /** Nothing to do: a collection on a thread of its own, whose scrape reads its figures itself. */
  public static final Meanwhile NONE = new Meanwhile(null);

  private Runnable work;
  private RuntimeException failure;
  private long spentNanos;

  public Meanwhile(Runnable work) {
    this.work = work;
  }

  /**
   * Runs the work unless it ran. What it throws is kept for {@link #finish}: the scrape's own
   * figures must not fail the collection that happened to run them.
   */
  public void run() {
    Runnable w = work;
    if (w == null) {
      return;
    }
    work = null;
    long start = System.nanoTime();
    try {
      w.run();
    } catch (RuntimeException e) {
      failure = e;
    } finally {
      spentNanos = System.nanoTime() - start;
    }
  }

  /** Runs the work unless it ran, and throws what it threw. */
  public void finish() {
    run();
    if (failure != null) {
      throw failure;
    }
  }

  /**
   * The time the work took, 0 until it ran: a collection that ran it takes it off its own duration,
   * which is the database's.
   */
  public long spentNanos() {
    return spentNanos;
  }
}
