package io.dbscope.core.engine;

import java.util.function.Supplier;

/**
 * A value made at the first {@link #get} and kept, for what an engine would otherwise build in its
 * constructor though a config may never use the engine (its built-in definitions or metric sets):
 * every engine of the build is constructed at each start. A {@code make} that fails is tried again
 * at the next call.
 */
public final class Once<T> implements Supplier<T> {
  private final Supplier<? extends T> make;
  private volatile T value;

  public Once(Supplier<? extends T> make) {
    this.make = make;
  }

  @Override
  public T get() {
    T v = value;
    if (v == null) {
      synchronized (this) {
        v = value;
        if (v == null) {
          v = java.util.Objects.requireNonNull(make.get(), "made null");
          value = v;
        }
      }
    }
    return v;
  }
}
