package io.dbscope.engine.cloudwatch;

import io.dbscope.core.config.DatasourceConfig;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * What datasources must share to share GetMetricData calls: the region, the identity (role), the
 * endpoints (CloudWatch's, and the tagging API's for {@code tags}), and the period and delay that
 * define the windows. Datasources with one key are polled together, one call per period (more only
 * past 500 metrics).
 */
record PollerKey(
    String region,
    String roleArn,
    Optional<URI> endpoint,
    Optional<URI> taggingEndpoint,
    Duration period,
    Duration delay) {

  static PollerKey of(DatasourceConfig c) {
    return new PollerKey(
        c.option(CloudWatchOptions.REGION),
        c.option(CloudWatchOptions.ROLE_ARN),
        c.url(),
        Optional.of(c.option(CloudWatchOptions.TAGGING_URL))
            .filter(u -> !u.isEmpty())
            .map(URI::create),
        c.option(CloudWatchOptions.PERIOD),
        c.option(CloudWatchOptions.DELAY));
  }
}
