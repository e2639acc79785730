package io.dbscope.core.engine;

import io.dbscope.core.definition.Definition;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One borrowed connection for the length of a datasource's collection. Not thread-safe: one
 * collection uses it serially, then closes it (returning the connection to the pool).
 */
public interface Session extends AutoCloseable {

  /** Reads version, role and extensions. */
  ServerFacts facts(Duration timeout) throws Exception;

  /**
   * Runs a definition's query. The engine enforces {@code timeout} on the server side (JDBC query
   * timeout, socket timeout) so that nothing keeps running after the deadline.
   */
  ResultRows query(Definition definition, Duration timeout) throws Exception;

  /**
   * Runs several definitions' queries in one statement and one round trip, when the engine can
   * (PostgreSQL: each query's rows aggregated as JSON, all in one {@code SELECT}). The result holds
   * every definition's rows by id, or is empty when this engine does not batch. A failure of any
   * part fails the whole: the caller then runs the definitions one by one, which tells which one
   * failed. Only built-in (unguarded) definitions are batched.
   */
  default Optional<Map<String, ResultRows>> batch(List<Definition> definitions, Duration timeout)
      throws Exception {
    return Optional.empty();
  }

  /**
   * {@link #batch(List, Duration)}, running {@code meanwhile} while the server works on it when the
   * engine sends its requests before it reads the replies. The default runs the batch alone and
   * leaves {@code meanwhile} to the caller.
   */
  default Optional<Map<String, ResultRows>> batch(
      List<Definition> definitions, Duration timeout, Meanwhile meanwhile) throws Exception {
    return batch(definitions, timeout);
  }

  /**
   * Runs a query the engine understands (SQL for JDBC engines) outside any definition; used by
   * {@link StatefulCollector}s.
   */
  default ResultRows run(String query, Duration timeout) throws Exception {
    throw new UnsupportedOperationException("this engine runs no ad-hoc queries");
  }

  /**
   * Whether queries can still run on this session, as far as is known without asking the server:
   * false once the engine discarded the connection (a custom query left it in a state it could not
   * clean) or the pool took it back as broken. The scrape then goes on with a new session.
   */
  default boolean isOpen() {
    return true;
  }

  /** Cheap liveness check ({@code SELECT 1}, {@code PING}). */
  void ping(Duration timeout) throws Exception;

  @Override
  void close();
}
