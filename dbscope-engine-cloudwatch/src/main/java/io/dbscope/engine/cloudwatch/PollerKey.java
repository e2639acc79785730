package io.dbscope.engine.cloudwatch;

import io.dbscope.core.config.DatasourceConfig;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * What datasources must share to share GetMetricData calls: the region, the identity (role), the
 * endpoint, and the period and delay that define the windows. Datasources with one key are polled
 * together, one call per period (more only past 500 metrics).
 */
record PollerKey(
    String region, String roleArn, Optional<URI> endpoint, Duration period, Duration delay) {

  static PollerKey of(DatasourceConfig c) {
    return new PollerKey(
        c.option(CloudWatchOptions.REGION),
        c.option(CloudWatchOptions.ROLE_ARN),
        c.url(),
        c.option(CloudWatchOptions.PERIOD),
        c.option(CloudWatchOptions.DELAY));
  }
}
