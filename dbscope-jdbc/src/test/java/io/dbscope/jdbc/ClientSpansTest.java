package io.dbscope.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dbscope.testkit.PostgresFixture;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/** Client spans per statement into a real OpenTelemetry SDK, on a real PostgreSQL. */
class ClientSpansTest {
  @Test
  void eachStatementIsAClientSpanWithTheDatabaseAttributes() throws SQLException {
    List<SpanData> spans = new CopyOnWriteArrayList<>();
    SdkTracerProvider provider =
        SdkTracerProvider.builder()
            .addSpanProcessor(SimpleSpanProcessor.create(into(spans)))
            .build();
    GlobalOpenTelemetry.resetForTest();
    GlobalOpenTelemetry.set(
        io.opentelemetry.sdk.OpenTelemetrySdk.builder().setTracerProvider(provider).build());
    try (PostgresFixture pg = PostgresFixture.builder().start()) {
      PGSimpleDataSource raw = new PGSimpleDataSource();
      raw.setUrl(pg.jdbcUrl("postgres"));
      raw.setUser(pg.user());
      DataSource ds =
          DbscopeJdbc.builder()
              .registry(new PrometheusRegistry())
              .spans(true)
              .build()
              .instrument(raw, "spans");
      try (Connection c = ds.getConnection()) {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 WHERE 'secret' = ?")) {
          ps.setString(1, "secret");
          ps.executeQuery().close();
        }
        try (Statement st = c.createStatement()) {
          assertThatThrownBy(() -> st.execute("SELECT * FROM missing_t"))
              .isInstanceOf(SQLException.class);
        }
      }
    } finally {
      GlobalOpenTelemetry.resetForTest();
      provider.close();
    }
    assertThat(spans).hasSize(2);
    SpanData ok = spans.get(0);
    assertThat(ok.getKind()).isEqualTo(SpanKind.CLIENT);
    assertThat(ok.getName()).isEqualTo("SELECT postgres");
    assertThat(ok.getAttributes().get(AttributeKey.stringKey("db.system.name")))
        .isEqualTo("postgresql");
    assertThat(ok.getAttributes().get(AttributeKey.stringKey("db.query.text")))
        .isEqualTo("select ? where ? = ?");
    SpanData failed = spans.get(1);
    assertThat(failed.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(failed.getAttributes().get(AttributeKey.stringKey("error.type"))).isEqualTo("42P01");
  }

  private static SpanExporter into(List<SpanData> out) {
    return new SpanExporter() {
      @Override
      public CompletableResultCode export(Collection<SpanData> spans) {
        out.addAll(spans);
        return CompletableResultCode.ofSuccess();
      }

      @Override
      public CompletableResultCode flush() {
        return CompletableResultCode.ofSuccess();
      }

      @Override
      public CompletableResultCode shutdown() {
        return CompletableResultCode.ofSuccess();
      }
    };
  }
}
