package io.dbscope.engine.mongodb;

import io.dbscope.testkit.contract.DefinitionsContract;
import io.dbscope.testkit.contract.EngineUnderTest;

/** {@link DefinitionsContract} over the MongoDB wire protocol with a recorded serverStatus. */
class MongoDefinitionsTest extends DefinitionsContract {
  @Override
  protected EngineUnderTest start() {
    return MongoUnderTest.start();
  }
}
