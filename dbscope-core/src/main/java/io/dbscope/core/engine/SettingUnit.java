package io.dbscope.core.engine;

/**
 * PostgreSQL setting units, converted the way postgres_exporter's {@code pg_settings} does: times
 * to seconds, sizes to bytes. An unknown unit skips the setting.
 */
record SettingUnit(double factor, String suffix) {
  static SettingUnit of(String unit) {
    return switch (unit) {
      case "" -> new SettingUnit(1, "");
      case "ms" -> new SettingUnit(0.001, "_seconds");
      case "s" -> new SettingUnit(1, "_seconds");
      case "min" -> new SettingUnit(60, "_seconds");
      case "h" -> new SettingUnit(3600, "_seconds");
      case "d" -> new SettingUnit(86400, "_seconds");
      case "B" -> new SettingUnit(1, "_bytes");
      case "kB" -> new SettingUnit(1024, "_bytes");
      case "MB" -> new SettingUnit(1024 * 1024, "_bytes");
      case "GB" -> new SettingUnit(1024.0 * 1024 * 1024, "_bytes");
      case "TB" -> new SettingUnit(1024.0 * 1024 * 1024 * 1024, "_bytes");
      default -> sized(unit);
    };
  }

  private static SettingUnit sized(String unit) {
    // "8kB", "16MB": a block size written as count and unit.
    var m = java.util.regex.Pattern.compile("(\\d+)(kB|MB)").matcher(unit);
    if (!m.matches()) {
      return null;
    }
    double base = m.group(2).equals("kB") ? 1024 : 1024 * 1024;
    return new SettingUnit(Integer.parseInt(m.group(1)) * base, "_bytes");
  }
}
