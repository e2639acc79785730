package io.dbscope.engine.cloudwatch;

import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;

/**
 * Builds the SDK client of one {@link PollerKey}: the JDK's {@code HttpURLConnection} transport
 * (Netty and Apache clients are kept off the class path: one request a period needs no pool), the
 * given credentials or a role assumed with them, and no SDK retries, so that every request made is
 * one counted in {@code dbscope_cloudwatch_requests_total}; the next period is the retry.
 */
final class CloudWatchClients implements AutoCloseable {
  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

  private final SdkHttpClient http;
  private final StsClient sts;
  private final CloudWatchClient cloudWatch;
  private final TaggingClient tagging;

  CloudWatchClients(PollerKey key, AwsCredentialsProvider base) {
    this.http =
        UrlConnectionHttpClient.builder()
            .connectionTimeout(Duration.ofSeconds(5))
            .socketTimeout(CALL_TIMEOUT)
            .build();
    Region region = Region.of(key.region());
    AwsCredentialsProvider credentials = base;
    if (key.roleArn().isEmpty()) {
      this.sts = null;
    } else {
      this.sts =
          StsClient.builder().region(region).credentialsProvider(base).httpClient(http).build();
      credentials =
          StsAssumeRoleCredentialsProvider.builder()
              .stsClient(sts)
              .refreshRequest(r -> r.roleArn(key.roleArn()).roleSessionName("dbscope"))
              .build();
    }
    var builder =
        CloudWatchClient.builder()
            .region(region)
            .credentialsProvider(credentials)
            .httpClient(http)
            .overrideConfiguration(
                o -> o.apiCallTimeout(CALL_TIMEOUT).retryStrategy(AwsRetryStrategy.doNotRetry()));
    key.endpoint().ifPresent(builder::endpointOverride);
    this.cloudWatch = builder.build();
    this.tagging = new TaggingClient(http, credentials, key.region(), key.taggingEndpoint());
  }

  TaggingClient tagging() {
    return tagging;
  }

  CloudWatchClient cloudWatch() {
    return cloudWatch;
  }

  @Override
  public void close() {
    cloudWatch.close();
    if (sts != null) {
      sts.close();
    }
    http.close();
  }
}
