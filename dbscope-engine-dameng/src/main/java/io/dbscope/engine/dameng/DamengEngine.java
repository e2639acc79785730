package io.dbscope.engine.dameng;

import io.dbscope.core.config.DatasourceConfig;
import io.dbscope.core.config.Option;
import io.dbscope.core.config.OptionTable;
import io.dbscope.core.definition.Definition;
import io.dbscope.core.engine.Definitions;
import io.dbscope.core.engine.EngineResources;
import io.dbscope.core.engine.StatefulCollector;
import io.dbscope.core.engine.Target;
import io.dbscope.core.scrape.ErrorSigns;
import io.dbscope.engine.sql.AnalyticsEngine;
import io.dbscope.engine.sql.analytics.AnalyticsContext;
import io.dbscope.engine.sql.analytics.AnalyticsOptions;
import io.dbscope.engine.sql.analytics.AnalyticsSettings;
import io.dbscope.engine.sql.jdbc.JdbcErrorSigns;
import io.dbscope.engine.sql.jdbc.JdbcTarget;
import io.dbscope.sql.SqlDialect;
import java.sql.Driver;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Dameng DM8 ({@code engine = "dameng"} or {@code "dm"}) through DmJdbcDriver18. Its built-in
 * definitions ({@code definitions/dameng/*.yaml}) read the {@code V$} views
 * gaoyuan98/dameng_exporter reads and carry its {@code dmdbms_*} names; views and columns that some
 * builds lack are checked once per connection ({@link DamengViews}) and the definitions that need
 * them planned around. Slow SQL ({@code checkSlowSQL}) becomes events and analytics, never a label.
 *
 * <p>Nothing here has run against a live DM8 server (none can be had where dbscope is built); the
 * definitions were run against H2 in Oracle mode serving {@code V$}-named views, see {@code
 * docs/dameng.md}.
 *
 * <pre>{@code
 * Engine dm = new DamengEngine();
 * Target t = dm.open(config, resources); // no connection yet
 * }</pre>
 */
public final class DamengEngine implements AnalyticsEngine {
  private final Supplier<List<Definition>> definitions;
  private final AnalyticsContext analytics;
  private final Supplier<Driver> driver;

  public DamengEngine() {
    this(AnalyticsContext.defaults());
  }

  public DamengEngine(AnalyticsContext analytics) {
    this(analytics, dm.jdbc.driver.DmDriver::new);
  }

  /**
   * With another driver: the tests' stand-in (H2 serving {@code V$} views), since no DM8 server can
   * be had where dbscope is built.
   */
  DamengEngine(AnalyticsContext analytics, Supplier<Driver> driver) {
    this.definitions =
        Definitions.lazily(() -> Definitions.builtin(DamengEngine.class, "dameng", Set.of("dmhs")));
    this.analytics = analytics;
    this.driver = driver;
  }

  @Override
  public String id() {
    return "dameng";
  }

  @Override
  public List<String> aliases() {
    return List.of("dm");
  }

  @Override
  public int defaultPort() {
    return 5236;
  }

  @Override
  public String urlExample() {
    return "jdbc:dm://host:5236";
  }

  @Override
  public String about() {
    return "DM8 through DmJdbcDriver18 (shipped with dbscope). `url`: a `jdbc:dm:` URL; a password"
        + " in it is an error. Metric names are dameng_exporter's (`dmdbms_*`); not yet run against"
        + " a live DM8 server (see docs/dameng.md).";
  }

  @Override
  public String upMetric() {
    return "dmdb_up";
  }

  @Override
  public String upHelp() {
    return "Whether the DM8 database is reachable (1 for yes, 0 for no).";
  }

  /** DM8's words (its messages are often Chinese): a refused login, a timeout, a lost link. */
  @Override
  public ErrorSigns errorSigns() {
    return JdbcErrorSigns.with(
        List.of("用户名或密码错误", "invalid username or password", "login failed"),
        List.of("timeout", "超时"),
        List.of("网络通信异常", "network communication", "connection reset"));
  }

  /** DM8's SQL is Oracle-like and not among the guard's dialects: the strictest, neutral. */
  @Override
  public SqlDialect dialect() {
    return SqlDialect.NEUTRAL;
  }

  @Override
  public List<OptionTable> optionTables() {
    return List.of(AnalyticsOptions.TABLE, DamengOptions.TABLE);
  }

  @Override
  public Map<String, Option<Boolean>> groupSwitches() {
    return Map.of("dmhs", DamengOptions.REGISTER_DMHS_METRICS);
  }

  @Override
  public List<Definition> definitions() {
    return definitions.get();
  }

  @Override
  public Target open(DatasourceConfig config, EngineResources resources) {
    return new JdbcTarget(
        config,
        new DamengDialect(Optional.of(driver.get())),
        resources.scheduler(),
        resources.threads());
  }

  /** Slow SQL from {@code V$SESSIONS}, as events (never labels), when {@code checkSlowSQL}. */
  @Override
  public List<StatefulCollector> statefulCollectors(DatasourceConfig config) {
    AnalyticsSettings s = analytics.settings().apply(config);
    return List.of(new DamengSlowSqlCollector(s, analytics.events(), analytics.clock()));
  }

  /** A {@code jdbc:dm:} URL without a password. */
  @Override
  public List<String> validate(DatasourceConfig config) {
    List<String> problems = new ArrayList<>();
    config
        .url()
        .map(Object::toString)
        .ifPresent(
            url -> {
              if (!url.startsWith("jdbc:dm:")) {
                problems.add("url: must start with 'jdbc:dm:' for engine " + config.engineAlias());
              }
              if (url.matches("(?i).*[?&;]\\s*(password|pwd)\\s*=.*")) {
                problems.add(
                    "url: must not carry a password; give it in dbPwd, dbPwdFile or ENC()");
              }
            });
    return problems;
  }
}
