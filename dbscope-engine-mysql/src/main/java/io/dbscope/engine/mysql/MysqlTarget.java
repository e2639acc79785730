package io.dbscope.engine.mysql;

import io.dbscope.core.definition.Definition;
import io.dbscope.core.definition.Mapping;
import io.dbscope.core.engine.ResultRows;
import io.dbscope.core.engine.ServerFacts;
import io.dbscope.core.engine.Session;
import io.dbscope.core.engine.Target;
import java.time.Duration;

/**
 * A MySQL datasource's pool: the shared JDBC target, whose sessions additionally unpivot the wide
 * rows of statements such as {@code SHOW SLAVE STATUS} for the definitions that ask for it (see
 * {@link WideRows}) and read the text of {@code SHOW ENGINE INNODB STATUS} ({@link
 * InnodbStatusRows}). Everything else (pooling, timeouts, facts) is the JDBC target's.
 */
final class MysqlTarget implements Target {
  private final Target jdbc;

  MysqlTarget(Target jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public Session open(Duration timeout) throws Exception {
    return new MysqlSession(jdbc.open(timeout));
  }

  @Override
  public int connectionsHeld() {
    return jdbc.connectionsHeld();
  }

  @Override
  public void close() {
    jdbc.close();
  }

  /** A JDBC session whose results are unpivoted where a definition asks for it. */
  private record MysqlSession(Session jdbc) implements Session {

    @Override
    public ServerFacts facts(Duration timeout) throws Exception {
      return jdbc.facts(timeout);
    }

    @Override
    public ResultRows run(String query, Duration timeout) throws Exception {
      return jdbc.run(query, timeout);
    }

    @Override
    public ResultRows query(Definition definition, Duration timeout) throws Exception {
      ResultRows rows = jdbc.query(definition, timeout);
      if (WideRows.wanted(definition, rows)) {
        return WideRows.unpivot(rows, ((Mapping.KeyValue) definition.mapping()).labelColumns());
      }
      if (InnodbStatusRows.wanted(definition, rows)) {
        return InnodbStatusRows.of(rows);
      }
      return rows;
    }

    @Override
    public void ping(Duration timeout) throws Exception {
      jdbc.ping(timeout);
    }

    @Override
    public boolean isOpen() {
      return jdbc.isOpen();
    }

    @Override
    public void close() {
      jdbc.close();
    }
  }
}
