package io.dbscope.engine.redis;

import io.dbscope.core.config.DatasourceConfig;
import io.dbscope.core.config.EngineOptions;
import io.dbscope.core.config.OptionTable;
import io.dbscope.core.custom.QueryGuard;
import io.dbscope.core.definition.Definition;
import io.dbscope.core.engine.Definitions;
import io.dbscope.core.engine.Engine;
import io.dbscope.core.engine.EngineResources;
import io.dbscope.core.engine.ExporterHealth;
import io.dbscope.core.engine.Target;
import io.dbscope.core.scrape.ErrorSigns;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Redis engine: one Jedis connection per datasource (see {@link RedisTarget}) and built-in
 * definitions under {@code definitions/redis/} that reproduce redis_exporter's default metric
 * families with the same names, types and labels.
 *
 * <p>Every built-in query is parsed once here, so a definition with a query the engine cannot run
 * fails at start-up, not at the first scrape.
 *
 * <pre>{@code
 * Engine redis = new RedisEngine();
 * Target t = redis.open(config, resources); // connects on first use
 * }</pre>
 */
public final class RedisEngine implements Engine {
  /**
   * Jedis's buffer sizes, read once from these properties when its stream classes load: 8 KB to
   * read and 8 KB to write on every connection by default. dbscope writes commands of a few dozen
   * bytes and reads replies of a few KB (INFO ALL, CONFIG GET); a larger reply takes more reads, a
   * longer command goes out in pieces. At 1,000 datasources the default buffers were 16 MB, 30 % of
   * the live heap (docs/benchmarks.md). A value given to the JVM ({@code
   * -Djedis.bufferSize.input=8192}) wins.
   */
  static final Map<String, String> JEDIS_BUFFERS =
      Map.of("jedis.bufferSize.input", "4096", "jedis.bufferSize.output", "512");

  private final List<Definition> definitions;

  /** INFO's keys, pooled for every datasource of this engine. */
  private final KeyPool keys = new KeyPool();

  /** INFO's wide rows' columns, for every datasource of this engine. */
  private final WideRow.Shapes shapes = new WideRow.Shapes();

  public RedisEngine() {
    JEDIS_BUFFERS.forEach(
        (key, size) -> {
          if (System.getProperty(key) == null && System.getProperty("jedis.bufferSize") == null) {
            System.setProperty(key, size);
          }
        });
    this.definitions = Definitions.builtin(RedisEngine.class, "redis");
    for (Definition d : definitions) {
      try {
        RedisQuery.parse(d.query());
      } catch (IllegalArgumentException e) {
        throw new IllegalStateException(d.origin() + ": query: " + e.getMessage(), e);
      }
    }
  }

  @Override
  public String id() {
    return "redis";
  }

  /**
   * Custom Redis metrics may name the same read-only commands as the built-ins ({@link
   * RedisQueryGuard}); it reads no top-level key (allowedFunctions is the SQL guard's).
   */
  @Override
  public QueryGuard queryGuard(EngineOptions global) {
    return new RedisQueryGuard();
  }

  /** Redis's words: a refused password or none given, and Jedis's cut connection. */
  @Override
  public ErrorSigns errorSigns() {
    return new ErrorSigns(
        t -> Optional.empty(),
        t -> false,
        List.of("wrongpass", "noauth"),
        List.of(),
        List.of("unexpected end of stream"));
  }

  @Override
  public int defaultPort() {
    return RedisEndpoint.DEFAULT_PORT;
  }

  @Override
  public String urlExample() {
    return "redis://host:6379/0";
  }

  @Override
  public String about() {
    return "`database`: the db index (`0` by default), written as a number or a string. `url`:"
        + " `redis://` or `rediss://` (TLS) with an optional `/db`; a password in it is a warning.";
  }

  @Override
  public String upMetric() {
    return "redis_up";
  }

  @Override
  public ExporterHealth exporterHealth() {
    return RedisExporterHealth.HEALTH;
  }

  @Override
  public List<Definition> definitions() {
    return definitions;
  }

  @Override
  public Target open(DatasourceConfig config, EngineResources resources) {
    return new RedisTarget(config, keys, shapes);
  }

  @Override
  public List<OptionTable> optionTables() {
    return List.of(RedisKeyOptions.TABLE);
  }

  @Override
  public List<String> validate(DatasourceConfig config) {
    return RedisEndpoint.problems(config);
  }
}
