package io.dbscope.engine.dameng;

import io.dbscope.testkit.contract.DefinitionsContract;
import io.dbscope.testkit.contract.EngineUnderTest;

/**
 * The test kit's definitions contract on the stand-in (H2 serving DM8's views, see {@link
 * DamengStandIn}): families named, helped and typed, no duplicate series, no negative counter, a
 * failing definition isolated. Not a DM8 server: see docs/dameng.md.
 */
class DamengDefinitionsTest extends DefinitionsContract {
  @Override
  protected EngineUnderTest start() throws Exception {
    return new DamengStandIn();
  }
}
