package io.dbscope.engine.mongodb;

import io.dbscope.core.config.DatasourceBuilder;
import io.dbscope.testkit.MongoFixture;
import io.dbscope.testkit.contract.EngineUnderTest;

/**
 * MongoDB for the contracts of the test kit: mongo-java-server (the wire protocol; no mongod runs
 * here) answering serverStatus with a recorded reply.
 */
final class MongoUnderTest implements EngineUnderTest {
  private final MongoFixture mongo;
  private final MongoEngine engine = new MongoEngine();

  MongoUnderTest(MongoFixture mongo) {
    this.mongo = mongo;
  }

  static MongoUnderTest start() {
    return new MongoUnderTest(
        MongoFixture.start().answer("serverStatus", "serverStatus-datadog.json"));
  }

  MongoFixture fixture() {
    return mongo;
  }

  @Override
  public MongoEngine engine() {
    return engine;
  }

  @Override
  public String name() {
    return "mongo";
  }

  @Override
  public DatasourceBuilder datasource(String name) {
    return mongo.datasource(name);
  }

  @Override
  public String builtInCollector() {
    return "server_status";
  }

  /** A command outside the closed list a MongoDB definition may name. */
  @Override
  public String failingQuery() {
    return "dropDatabase";
  }

  @Override
  public void close() {
    mongo.close();
  }
}
