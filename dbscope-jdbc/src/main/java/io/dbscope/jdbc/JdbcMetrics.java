package io.dbscope.jdbc;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * The metric families of dbscope-jdbc in one registry, shared by every datasource wrapped into it
 * (a registry takes each name once). Names follow OpenTelemetry's database client conventions where
 * they have one ({@code db.client.operation.duration} → {@code
 * db_client_operation_duration_seconds}), so that dashboards built for either work.
 */
final class JdbcMetrics {
  /** OpenTelemetry's advised buckets for {@code db.client.operation.duration}. */
  static final double[] DURATION_BUCKETS = {0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10};

  static final double[] ROW_BUCKETS = {0, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 5000, 10000};

  static final double[] BATCH_BUCKETS = {1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 5000, 10000};

  final Histogram duration;
  final Histogram rows;
  final Counter transactions;
  final Histogram transactionDuration;
  final Counter errors;
  final Counter batchRecords;
  final Histogram batchSize;
  final Histogram batchDuration;
  final Counter batches;
  final Counter failovers;
  final PoolGauges pools;

  JdbcMetrics(PrometheusRegistry registry) {
    duration =
        Histogram.builder()
            .name("db_client_operation_duration_seconds")
            .help("Duration of database client operations (statements), as the application saw it")
            .labelNames(
                "datasource", "db_system_name", "db_namespace", "db_operation_name", "error_type")
            .classicOnly()
            .classicUpperBounds(DURATION_BUCKETS)
            .register(registry);
    rows =
        Histogram.builder()
            .name("db_client_response_returned_rows")
            .help("Rows a query returned to the application (counted as it reads them)")
            .labelNames("datasource", "db_system_name", "db_namespace", "db_operation_name")
            .classicOnly()
            .classicUpperBounds(ROW_BUCKETS)
            .register(registry);
    transactions =
        Counter.builder()
            .name("dbscope_jdbc_transactions_total")
            .help("Transactions ended by the application, by outcome (commit or rollback)")
            .labelNames("datasource", "outcome")
            .register(registry);
    transactionDuration =
        Histogram.builder()
            .name("dbscope_jdbc_transaction_duration_seconds")
            .help("Time from a transaction's first statement to its commit or rollback")
            .labelNames("datasource", "outcome")
            .classicOnly()
            .classicUpperBounds(DURATION_BUCKETS)
            .register(registry);
    errors =
        Counter.builder()
            .name("dbscope_jdbc_errors_total")
            .help("Failed statements and transaction ends, by SQLSTATE class (empty when none)")
            .labelNames("datasource", "db_system_name", "sqlstate_class")
            .register(registry);
    batchRecords =
        Counter.builder()
            .name("dbscope_jdbc_batch_records_total")
            .help("Records sent in JDBC batches, by outcome (success or failure)")
            .labelNames("datasource", "outcome")
            .register(registry);
    batchSize =
        Histogram.builder()
            .name("dbscope_jdbc_batch_size")
            .help("Records per JDBC batch")
            .labelNames("datasource")
            .classicOnly()
            .classicUpperBounds(BATCH_BUCKETS)
            .register(registry);
    batchDuration =
        Histogram.builder()
            .name("dbscope_jdbc_batch_duration_seconds")
            .help("Duration of executeBatch, by outcome")
            .labelNames("datasource", "outcome")
            .classicOnly()
            .classicUpperBounds(DURATION_BUCKETS)
            .register(registry);
    batches =
        Counter.builder()
            .name("dbscope_jdbc_batches_total")
            .help("JDBC batches executed, by outcome (success or failure)")
            .labelNames("datasource", "outcome")
            .register(registry);
    failovers =
        Counter.builder()
            .name("dbscope_jdbc_failovers_total")
            .help("New physical connections that landed on another server than the one before")
            .labelNames("datasource")
            .register(registry);
    pools = new PoolGauges(registry);
  }
}
