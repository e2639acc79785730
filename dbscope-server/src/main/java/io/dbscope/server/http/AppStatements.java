package io.dbscope.server.http;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.dbscope.core.engine.ClientStatements;
import io.dbscope.core.engine.ClientStatements.Figures;
import io.dbscope.core.scrape.MonitoredDatasource;
import io.dbscope.engine.sql.analytics.StatementView;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The application side of a database datasource's statements: every datasource whose {@link
 * ClientStatements} says it {@link ClientStatements#serves serves} it (kind {@code app}, {@code
 * appOf}), summed per text fingerprint, so that several instances of one application count
 * together.
 */
public final class AppStatements {
  private final Map<String, Figures> figures;
  private final Map<String, String> apps;

  private AppStatements(Map<String, Figures> figures, Map<String, String> apps) {
    this.figures = figures;
    this.apps = apps;
  }

  public static AppStatements of(List<MonitoredDatasource> fleet, String database) {
    Map<String, Figures> sum = new HashMap<>();
    Map<String, String> names = new HashMap<>();
    for (MonitoredDatasource d : fleet) {
      for (Object c : d.statefulCollectors()) {
        if (c instanceof ClientStatements app && app.serves().equals(database)) {
          String name = d.config().name();
          app.byTextFingerprint()
              .forEach(
                  (fp, f) -> {
                    sum.merge(fp, f, Figures::plus);
                    names.merge(fp, name, (a, b) -> a + "," + b);
                  });
        }
      }
    }
    return new AppStatements(sum, names);
  }

  /** The server's rows, each with the application's figures when the application ran it. */
  public List<Row> join(List<StatementView> rows) {
    List<Row> out = new ArrayList<>(rows.size());
    for (StatementView v : rows) {
      Figures f = v.textFingerprint().isEmpty() ? null : figures.get(v.textFingerprint());
      out.add(new Row(v, f == null ? null : AppSide.of(apps.get(v.textFingerprint()), f)));
    }
    return out;
  }

  /** One statement as the API serves it: the server's fields, then the application's. */
  public record Row(@JsonUnwrapped StatementView statement, @JsonUnwrapped AppSide app) {}

  /**
   * The application's cumulative figures (since it started) for one statement.
   *
   * @param app the app datasource(s) that reported the statement, comma-separated
   * @param calls executions the application ran
   * @param timeSeconds time the application waited for them (driver, network and server)
   * @param meanSeconds {@code timeSeconds / calls}
   * @param maxSeconds the longest one
   * @param errors failed executions
   */
  public record AppSide(
      @JsonProperty("app") String app,
      @JsonProperty("app_calls") long calls,
      @JsonProperty("app_time_seconds") double timeSeconds,
      @JsonProperty("app_mean_seconds") double meanSeconds,
      @JsonProperty("app_max_seconds") double maxSeconds,
      @JsonProperty("app_errors") long errors) {

    static AppSide of(String app, Figures f) {
      return new AppSide(
          app,
          f.calls(),
          f.totalSeconds(),
          f.calls() == 0 ? 0 : f.totalSeconds() / f.calls(),
          f.maxSeconds(),
          f.errors());
    }
  }
}
