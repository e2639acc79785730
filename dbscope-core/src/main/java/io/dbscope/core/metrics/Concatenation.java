package io.dbscope.core.metrics;

import java.util.AbstractList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Lists read one after the other as one list, unmodifiable and without a copy: a fleet's family is
 * its datasources' ordered blocks, and copying them into one list per scrape was an array of every
 * sample's reference, grown by doubling, held until the answer was written.
 */
final class Concatenation<T> extends AbstractList<T> {
  private final List<List<T>> parts;
  private final int size;

  /**
   * @param parts not changed afterwards
   */
  Concatenation(List<List<T>> parts) {
    this.parts = parts;
    int n = 0;
    for (List<T> p : parts) {
      n += p.size();
    }
    this.size = n;
  }

  /** The lists read one after the other. */
  List<List<T>> parts() {
    return parts;
  }

  @Override
  public int size() {
    return size;
  }

  /** Walks the parts: for tests and rare readers; iterating is the way through. */
  @Override
  public T get(int index) {
    if (index < 0 || index >= size) {
      throw new IndexOutOfBoundsException(index);
    }
    int at = index;
    for (List<T> p : parts) {
      if (at < p.size()) {
        return p.get(at);
      }
      at -= p.size();
    }
    throw new IndexOutOfBoundsException(index);
  }

  @Override
  public Iterator<T> iterator() {
    return new Iterator<>() {
      private int part;
      private int at;

      @Override
      public boolean hasNext() {
        while (part < parts.size() && at >= parts.get(part).size()) {
          part++;
          at = 0;
        }
        return part < parts.size();
      }

      @Override
      public T next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return parts.get(part).get(at++);
      }
    };
  }
}
