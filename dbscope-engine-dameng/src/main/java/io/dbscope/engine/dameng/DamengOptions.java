package io.dbscope.engine.dameng;

import io.dbscope.core.config.Option;
import io.dbscope.core.config.OptionTable;
import java.util.List;

/** The keys only DM8 datasources take. */
public final class DamengOptions {
  /**
   * dameng_exporter's switch of its DMHS (heterogeneous replication) collectors. Its sources
   * register none yet ("TODO: 添加DMHS相关采集器"), so neither does dbscope: the switch is read and the
   * group {@code dmhs} exists for definitions an operator or a later version adds.
   */
  public static final Option<Boolean> REGISTER_DMHS_METRICS =
      Option.bool(
          "registerDmhsMetrics",
          false,
          "run the definitions of group dmhs (DMHS replication; dameng_exporter has none yet)");

  public static final OptionTable TABLE =
      new OptionTable(
          "Dameng DM8",
          "Keys of `engine = \"dameng\"` datasources (dameng_exporter's switches).",
          List.of(REGISTER_DMHS_METRICS));

  private DamengOptions() {}
}
