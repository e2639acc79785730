package io.dbscope.engine.mysql;

import io.dbscope.testkit.contract.DefinitionsContract;
import io.dbscope.testkit.contract.EngineUnderTest;

/** {@link DefinitionsContract} on MariaDB, Debian's binaries. */
class MariaDbDefinitionsTest extends DefinitionsContract {
  @Override
  protected EngineUnderTest start() {
    return MariaDbUnderTest.start();
  }
}
