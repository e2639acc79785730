package io.dbscope.jdbc;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.tracer.common.SpanContext;
import io.prometheus.metrics.tracer.initializer.SpanContextSupplier;

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

  static final double NANOS_PER_SECOND = 1e9;

  final LongHistogram duration;
  final LongHistogram rows;
  final Counter transactions;
  final LongHistogram transactionDuration;
  final Counter errors;
  final Counter batchRecords;
  final LongHistogram batchSize;
  final LongHistogram batchDuration;
  final Counter batches;
  final Counter failovers;
  final PoolGauges pools;

  JdbcMetrics(PrometheusRegistry registry) {
    SpanContext spans = SpanContextSupplier.getSpanContext();
    duration =
        register(
            registry,
            new LongHistogram(
                "db_client_operation_duration_seconds",
                "Duration of database client operations (statements), as the application saw it",
                DURATION_BUCKETS,
                NANOS_PER_SECOND,
                spans,
                "datasource",
                "db_system_name",
                "db_namespace",
                "db_operation_name",
                "error_type"));
    rows =
        register(
            registry,
            new LongHistogram(
                "db_client_response_returned_rows",
                "Rows a query returned to the application (counted as it reads them)",
                ROW_BUCKETS,
                1,
                null,
                "datasource",
                "db_system_name",
                "db_namespace",
                "db_operation_name"));
    transactions =
        Counter.builder()
            .name("dbscope_jdbc_transactions_total")
            .help("Transactions ended by the application, by outcome (commit or rollback)")
            .labelNames("datasource", "outcome")
            .register(registry);
    transactionDuration =
        register(
            registry,
            new LongHistogram(
                "dbscope_jdbc_transaction_duration_seconds",
                "Time from a transaction's first statement to its commit or rollback",
                DURATION_BUCKETS,
                NANOS_PER_SECOND,
                spans,
                "datasource",
                "outcome"));
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
        register(
            registry,
            new LongHistogram(
                "dbscope_jdbc_batch_size",
                "Records per JDBC batch",
                BATCH_BUCKETS,
                1,
                null,
                "datasource"));
    batchDuration =
        register(
            registry,
            new LongHistogram(
                "dbscope_jdbc_batch_duration_seconds",
                "Duration of executeBatch, by outcome",
                DURATION_BUCKETS,
                NANOS_PER_SECOND,
                spans,
                "datasource",
                "outcome"));
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

  private static LongHistogram register(PrometheusRegistry registry, LongHistogram h) {
    registry.register(h);
    return h;
  }
}
