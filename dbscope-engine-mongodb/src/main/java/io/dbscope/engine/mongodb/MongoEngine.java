package io.dbscope.engine.mongodb;

import com.mongodb.MongoCommandException;
import com.mongodb.MongoSecurityException;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;
import io.dbscope.core.config.DatasourceConfig;
import io.dbscope.core.config.Option;
import io.dbscope.core.config.OptionTable;
import io.dbscope.core.definition.Definition;
import io.dbscope.core.engine.Definitions;
import io.dbscope.core.engine.Engine;
import io.dbscope.core.engine.EngineResources;
import io.dbscope.core.engine.Target;
import io.dbscope.core.events.EventSink;
import io.dbscope.core.scrape.ErrorKind;
import io.dbscope.core.scrape.ErrorSigns;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The MongoDB engine (also Amazon DocumentDB): one driver client per datasource (see {@link
 * MongoTarget}) and built-in definitions under {@code definitions/mongodb/} that give percona
 * mongodb_exporter's names and labels, read from one serverStatus per scrape by default.
 *
 * <pre>{@code
 * Engine mongo = new MongoEngine();
 * Target t = mongo.open(config, resources); // connects on first use
 * }</pre>
 */
public final class MongoEngine implements Engine {
  /** The group of the legacy names, switched on by {@code legacyNames}. */
  static final String LEGACY = "legacy";

  private final Supplier<List<Definition>> definitions;
  private final EventSink events;
  private final InstantSource clock;

  /** An engine whose slow-operation events are dropped (checking configs, tests). */
  public MongoEngine() {
    this(EventSink.DISCARD, InstantSource.system());
  }

  /** An engine that writes each slow operation the current_op collector sees to {@code events}. */
  public MongoEngine(EventSink events, InstantSource clock) {
    this.events = java.util.Objects.requireNonNull(events, "events");
    this.clock = java.util.Objects.requireNonNull(clock, "clock");
    this.definitions = Definitions.lazily(MongoEngine::checkedDefinitions);
  }

  /** The built-in definitions, each query parsed, so that one the engine cannot run fails early. */
  private static List<Definition> checkedDefinitions() {
    List<Definition> definitions =
        Definitions.builtin(MongoEngine.class, "mongodb", Set.of(LEGACY));
    for (Definition d : definitions) {
      try {
        MongoQuery.parse(d.query());
      } catch (IllegalArgumentException e) {
        throw new IllegalStateException(d.origin() + ": query: " + e.getMessage(), e);
      }
    }
    return definitions;
  }

  @Override
  public String id() {
    return "mongodb";
  }

  @Override
  public List<String> aliases() {
    return List.of("mongo", "documentdb");
  }

  @Override
  public int defaultPort() {
    return MongoSettings.DEFAULT_PORT;
  }

  @Override
  public String urlExample() {
    return "mongodb://host:27017/?replicaSet=rs0";
  }

  @Override
  public String about() {
    return "`url`: `mongodb://` or `mongodb+srv://` with the driver's options; a password in it is"
        + " a warning (use `dbUser` with `dbPwd`/`dbPwdFile` and `authSource`). `database` is not"
        + " used: the commands run on `admin`.";
  }

  @Override
  public String upMetric() {
    return "mongodb_up";
  }

  @Override
  public String upHelp() {
    return "Whether MongoDB is up.";
  }

  /** The driver's words and types: a refused login, a server it cannot reach in time, a cut. */
  @Override
  public ErrorSigns errorSigns() {
    return new ErrorSigns(
        MongoEngine::kind,
        t -> t instanceof MongoSocketException,
        List.of("authentication failed", "requires authentication"),
        List.of("maxtimemsexpired", "operation exceeded time limit"),
        List.of("prematurely reached end of stream"));
  }

  private static Optional<ErrorKind> kind(Throwable t) {
    return switch (t) {
      case MongoSecurityException s -> Optional.of(ErrorKind.AUTH);
      case MongoTimeoutException s -> Optional.of(ErrorKind.TIMEOUT);
      case MongoCommandException c when c.getErrorCode() == 18 -> Optional.of(ErrorKind.AUTH);
      default -> Optional.empty();
    };
  }

  @Override
  public Map<String, Option<Boolean>> groupSwitches() {
    return Map.of(LEGACY, MongoOptions.LEGACY_NAMES);
  }

  @Override
  public List<Definition> definitions() {
    return definitions.get();
  }

  @Override
  public Target open(DatasourceConfig config, EngineResources resources) {
    return new MongoTarget(config, new SlowOperationEvents(config.name(), events, clock));
  }

  @Override
  public List<OptionTable> optionTables() {
    return List.of(MongoOptions.TABLE);
  }

  @Override
  public List<String> validate(DatasourceConfig config) {
    return MongoSettings.problems(config);
  }
}
