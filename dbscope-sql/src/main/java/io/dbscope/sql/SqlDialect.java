package io.dbscope.sql;

import java.util.List;

/**
 * The SQL an engine's server speaks, as data: how it splits a text into tokens ({@link
 * LexicalRules}: quotes, comments, escapes), how it resolves a call ({@link CallRules}: name
 * folding, the schema of its built-ins) and which functions it has built in ({@link
 * BuiltInFunctions}). Each dialect is one file, {@code io/dbscope/sql/dialects/NAME.properties} on
 * the class path, read once; an engine whose server speaks another dialect ships such a file and
 * asks for it by name, with no change here:
 *
 * <pre>{@code
 * SqlDialect dm8 = SqlDialect.named("dm8"); // io/dbscope/sql/dialects/dm8.properties
 * SqlObfuscator.obfuscate(text, dm8, 200);
 * }</pre>
 *
 * <p>An engine that does not say which dialect it speaks gets {@link #NEUTRAL}: the strictest
 * reading of PostgreSQL's and MySQL's rules and only the functions both have built in, so that not
 * knowing the server never widens what runs or shows.
 */
public final class SqlDialect {
  /**
   * PostgreSQL: {@code "…"} names, {@code $tag$} strings, nested comments; unquoted names are
   * lower-cased, quoted names are exact; built-ins live in {@code pg_catalog}; {@code (value).name}
   * and {@code alias.name} may call a function.
   */
  public static final SqlDialect POSTGRES = DialectFile.read("postgres", SqlDialect::builtInOnly);

  /**
   * MySQL and MariaDB: {@code "…"} strings, {@code `…`} names, {@code #} comments; function names
   * compare without regard to case; a built-in is called only when its name is written unquoted and
   * (for some) directly before {@code (}; no schema holds built-ins.
   */
  public static final SqlDialect MYSQL = DialectFile.read("mysql", SqlDialect::builtInOnly);

  /** Unknown: the functions both others have built in, under the rules of both. */
  public static final SqlDialect NEUTRAL = DialectFile.read("neutral", SqlDialect::builtInOnly);

  /**
   * Standard SQL: {@code "…"} names, no backslash escapes, unquoted names upper-cased, a few
   * standard functions built in.
   */
  public static final SqlDialect ANSI = DialectFile.read("ansi", SqlDialect::builtInOnly);

  private final String name;
  private final String server;
  private final LexicalRules lexical;
  private final CallRules calls;
  private final BuiltInFunctions functions;

  SqlDialect(
      String name,
      String server,
      LexicalRules lexical,
      CallRules calls,
      BuiltInFunctions functions) {
    this.name = name;
    this.server = server;
    this.lexical = lexical;
    this.calls = calls;
    this.functions = functions;
  }

  /**
   * The dialect of that name: a built-in one, or else the file {@code
   * io/dbscope/sql/dialects/NAME.properties}, read on each call (keep the result).
   *
   * @throws IllegalArgumentException when there is no such file or it is not a valid dialect
   */
  public static SqlDialect named(String name) {
    return named(name, new java.util.ArrayList<>());
  }

  /**
   * @param reading the files being read, outermost first: a name seen again is a cycle
   */
  private static SqlDialect named(String name, List<String> reading) {
    for (SqlDialect d : builtIn()) {
      if (d.name.equals(name)) {
        return d;
      }
    }
    if (reading.contains(name)) {
      throw new IllegalArgumentException(
          "SQL dialect "
              + reading.getFirst()
              + ": strictestOf goes round in a circle: "
              + String.join(" -> ", reading)
              + " -> "
              + name);
    }
    reading.add(name);
    try {
      return DialectFile.read(name, other -> named(other, reading));
    } finally {
      reading.removeLast();
    }
  }

  /** The dialects this module brings: postgres, mysql, neutral and ansi. */
  public static List<SqlDialect> builtIn() {
    return List.of(POSTGRES, MYSQL, NEUTRAL, ANSI);
  }

  /** While the built-in constants are made, a {@code strictestOf} may name only earlier ones. */
  private static SqlDialect builtInOnly(String name) {
    return switch (name) {
      case "postgres" -> POSTGRES;
      case "mysql" -> MYSQL;
      default -> throw new IllegalArgumentException("not a built-in SQL dialect: " + name);
    };
  }

  /** The strictest reading of {@code of}, with the functions all of them have built in. */
  static SqlDialect strictest(String name, String server, List<SqlDialect> of) {
    CallRules calls = CallRules.strictest(of.stream().map(SqlDialect::calls).toList());
    return new SqlDialect(
        name,
        server,
        LexicalRules.strictest(of.stream().map(SqlDialect::lexical).toList()),
        calls,
        BuiltInFunctions.common(of.stream().map(SqlDialect::functions).toList(), calls.folding()));
  }

  /** The file's name: {@code postgres}, {@code mysql}, {@code neutral}, {@code ansi}, … */
  public String name() {
    return name;
  }

  /** The servers that speak it, for messages: "PostgreSQL", "MySQL and MariaDB". */
  public String server() {
    return server;
  }

  public LexicalRules lexical() {
    return lexical;
  }

  public CallRules calls() {
    return calls;
  }

  public BuiltInFunctions functions() {
    return functions;
  }

  /** Dialects are one per name: one file of that name is found on the class path. */
  @Override
  public boolean equals(Object o) {
    return o instanceof SqlDialect d && d.name.equals(name);
  }

  @Override
  public int hashCode() {
    return name.hashCode();
  }

  @Override
  public String toString() {
    return name;
  }
}
