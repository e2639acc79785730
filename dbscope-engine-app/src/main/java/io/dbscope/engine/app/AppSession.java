package io.dbscope.engine.app;

import io.dbscope.core.definition.Definition;
import io.dbscope.core.engine.ClientStatements.Figures;
import io.dbscope.core.engine.ResultRows;
import io.dbscope.core.engine.ServerFacts;
import io.dbscope.core.engine.Session;
import java.time.Duration;
import java.util.Map;

/** One read of the application's endpoint, already done when the session exists. */
final class AppSession implements Session {
  private final Map<String, Figures> statements;

  AppSession(Map<String, Figures> statements) {
    this.statements = statements;
  }

  Map<String, Figures> statements() {
    return statements;
  }

  @Override
  public ServerFacts facts(Duration timeout) {
    return ServerFacts.unknown();
  }

  @Override
  public ResultRows query(Definition definition, Duration timeout) {
    throw new UnsupportedOperationException("app datasources have no definitions");
  }

  @Override
  public void ping(Duration timeout) {
    // Opening the session read the endpoint: that was the ping.
  }

  @Override
  public void close() {}
}
