package io.dbscope.engine.sql.guard;

import io.dbscope.core.custom.QueryGuard;
import io.dbscope.sql.AllowedFunctions;
import io.dbscope.sql.SqlDialect;
import io.dbscope.sql.SqlTokens;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.Statements;

/**
 * Decides, before a custom metric query ever reaches a database, whether it is one read statement.
 * Three layers, each of which must accept:
 *
 * <ol>
 *   <li>{@link SqlTokens}: the text has one reading on every server (no backslash escapes, no MySQL
 *       executable comments, no dollar quoting, no Unicode escapes…), holds one statement and stays
 *       within the bounds the parser is given (length, tokens, nesting);
 *   <li>the first word is {@code SELECT}, {@code WITH}, {@code VALUES}, {@code SHOW}, {@code TABLE}
 *       or a parenthesis, and every function called anywhere is allowed for the datasource's
 *       dialect ({@link CallScan}, {@link AllowedFunctions}: deny by default);
 *   <li>JSqlParser parses it into exactly one statement, which {@link StatementCheck} accepts: a
 *       query with no {@code INTO}, no {@code FOR UPDATE/SHARE}, no data-modifying {@code WITH}, no
 *       {@code :=}, and only allowed functions in its syntax tree.
 * </ol>
 *
 * <p>{@code SHOW} is checked by its own rule instead of the parser (which does not know MySQL's
 * variants): words only, optionally {@code LIKE 'pattern'}; {@code SHOW … WHERE} is refused since
 * its condition could call functions.
 *
 * <p>A query the parser cannot parse is refused with the parser's position, unless the definition
 * is marked unchecked (allowed only when the global {@code allowUncheckedQueries} is true). An
 * unchecked query still passes layers 1 and 2, plus a scan that refuses write keywords ({@code
 * INSERT}, {@code INTO}, {@code FOR UPDATE}, {@code COPY}…) and {@code :=} outside quotes. Whatever
 * passes then runs inside a read-only transaction that is always rolled back: the database is the
 * last layer.
 *
 * <pre>{@code
 * SqlGuard guard = new SqlGuard(SqlDialect.POSTGRES, new AllowedFunctions());
 * SqlGuard.Verdict v = guard.check("SELECT pg_read_file('/etc/passwd')", false);
 * v.accepted(); // false
 * v.reason();   // "function pg_read_file reads, lists or writes files on the database server"
 * }</pre>
 */
public final class SqlGuard implements QueryGuard {
  private static final Set<String> READ_STARTS =
      Set.of("select", "with", "values", "show", "table");

  /** Words an unchecked query may not contain outside quotes. */
  private static final Set<String> WRITE_WORDS =
      Set.of(
          "insert",
          "update",
          "delete",
          "merge",
          "upsert",
          "into",
          "create",
          "drop",
          "alter",
          "truncate",
          "grant",
          "revoke",
          "copy",
          "call",
          "lock",
          "unlock",
          "handler",
          "load",
          "rename",
          "kill",
          "flush",
          "reset",
          "purge",
          "install",
          "uninstall",
          "vacuum",
          "analyze",
          "optimize",
          "repair",
          "cluster",
          "reindex",
          "refresh",
          "notify",
          "listen",
          "prepare",
          "execute",
          "deallocate",
          "commit",
          "rollback",
          "savepoint",
          "begin",
          "set",
          "do");

  private static final Pattern POSITION = Pattern.compile("at line (\\d+), column (\\d+)");
  private static final Pattern NEAR =
      Pattern.compile("Encountered:? (?:<[^>]*> / )?\"((?:[^\"]|\"\")*)\"");

  private final CallScan calls;
  private final StatementCheck statements;

  /** The guard of an engine whose dialect is unknown, with the built-in function lists only. */
  public SqlGuard() {
    this(SqlDialect.NEUTRAL, new AllowedFunctions());
  }

  /**
   * @param dialect the SQL of the datasource's engine: which functions are built in and how names
   *     are read
   * @param allowed the built-in lists and the operator's {@code allowedFunctions}
   */
  public SqlGuard(SqlDialect dialect, AllowedFunctions allowed) {
    this.calls = new CallScan(dialect, allowed);
    this.statements = new StatementCheck(dialect, allowed);
  }

  /**
   * Checks one query.
   *
   * @param unchecked whether a query the parser cannot parse may run anyway (the caller has checked
   *     that unchecked queries are allowed)
   */
  @Override
  public Verdict check(String sql, boolean unchecked) {
    if (sql == null || sql.isBlank()) {
      return Verdict.refuse("the query is empty");
    }
    List<SqlTokens.Token> tokens;
    try {
      tokens = SqlTokens.scan(sql);
    } catch (SqlTokens.Refused e) {
      return Verdict.refuse(e.reason, e.line, e.column);
    }
    if (tokens.isEmpty()) {
      return Verdict.refuse("the query is empty");
    }
    SqlTokens.Token first = tokens.getFirst();
    if (!(first.isPunct('(')
        || (first.kind() == SqlTokens.Kind.WORD && READ_STARTS.contains(first.name())))) {
      return Verdict.refuse(
          first.text().toUpperCase(Locale.ROOT)
              + " is not a read statement; only SELECT, WITH … SELECT, VALUES, SHOW and TABLE are"
              + " accepted",
          first.line(),
          first.column());
    }
    Optional<Verdict> refusedCall = calls.scan(tokens);
    if (refusedCall.isPresent()) {
      return refusedCall.get();
    }
    if (first.isWord("show")) {
      return show(tokens);
    }
    Statements parsed;
    try {
      parsed = CCJSqlParserUtil.parseStatements(sql);
    } catch (JSQLParserException | RuntimeException e) {
      return unchecked ? uncheckedScan(tokens) : parseError(e);
    }
    if (parsed == null || parsed.size() != 1) {
      int n = parsed == null ? 0 : parsed.size();
      return Verdict.refuse(n + " statements: only one read statement is allowed");
    }
    Statement statement = parsed.getFirst();
    Optional<String> refused;
    try {
      refused = statements.check(statement);
    } catch (RuntimeException e) {
      return Verdict.refuse("cannot inspect the parsed query: " + e.getMessage());
    }
    return refused.map(Verdict::refuse).orElse(Verdict.accept(true));
  }

  /**
   * {@code SHOW} followed by words, dots and numbers, optionally ending in {@code LIKE 'pattern'}:
   * PostgreSQL's {@code SHOW setting}, MySQL's {@code SHOW GLOBAL STATUS LIKE 'x%'}, {@code SHOW
   * ENGINE INNODB STATUS}, {@code SHOW ALL SLAVES STATUS}.
   */
  private static Verdict show(List<SqlTokens.Token> tokens) {
    if (tokens.size() < 2) {
      return Verdict.refuse("SHOW needs what to show");
    }
    for (int i = 1; i < tokens.size(); i++) {
      SqlTokens.Token t = tokens.get(i);
      boolean ok =
          switch (t.kind()) {
            case WORD -> !t.isWord("where");
            case QUOTED, NUMBER -> true;
            case STRING -> i == tokens.size() - 1 && tokens.get(i - 1).isWord("like");
            case PUNCT -> t.isPunct('.');
          };
      if (!ok) {
        String what = t.isWord("where") ? "SHOW … WHERE (use LIKE)" : "'" + t.text() + "' in SHOW";
        return Verdict.refuse(
            what + " is not accepted: SHOW may only name what to show and filter it with LIKE",
            t.line(),
            t.column());
      }
    }
    return Verdict.accept(true);
  }

  private static Verdict uncheckedScan(List<SqlTokens.Token> tokens) {
    for (int i = 0; i < tokens.size(); i++) {
      SqlTokens.Token t = tokens.get(i);
      if (t.isPunct(':')
          && i + 1 < tokens.size()
          && tokens.get(i + 1).isPunct('=')
          && t.touches(tokens.get(i + 1))) {
        return Verdict.refuse("unchecked query contains := outside quotes", t.line(), t.column());
      }
      if (t.kind() != SqlTokens.Kind.WORD) {
        continue;
      }
      String w = t.name();
      boolean lock =
          w.equals("for")
              && i + 1 < tokens.size()
              && (tokens.get(i + 1).isWord("share")
                  || tokens.get(i + 1).isWord("key")
                  || tokens.get(i + 1).isWord("no"));
      if (WRITE_WORDS.contains(w) || lock) {
        return Verdict.refuse(
            "unchecked query contains "
                + (lock ? "FOR " + tokens.get(i + 1).text() : t.text()).toUpperCase(Locale.ROOT)
                + " outside quotes",
            t.line(),
            t.column());
      }
    }
    return Verdict.accept(false);
  }

  private static Verdict parseError(Exception e) {
    String msg = innermost(e);
    Matcher m = POSITION.matcher(msg);
    int line = 0;
    int column = 0;
    if (m.find()) {
      line = Integer.parseInt(m.group(1));
      column = Integer.parseInt(m.group(2));
    }
    Matcher near = NEAR.matcher(msg);
    String what =
        near.find()
            ? ", near " + token(near.group(1))
            : msg.contains("<EOF>") ? ", unexpected end" : "";
    String where = line > 0 ? " at line " + line + ", column " + column : "";
    return Verdict.refuse(
        "the parser cannot read the query"
            + where
            + what
            + "; to run it anyway, mark it unchecked (needs allowUncheckedQueries = true)",
        line,
        column);
  }

  /**
   * The token the parser stopped at, as a reason may show it: a word or symbol quoted, a literal
   * only by its kind. Reasons are logged and printed, and a literal may be a secret.
   */
  private static String token(String image) {
    if (image.indexOf('\'') >= 0) {
      return "a string literal";
    }
    if (image.matches("\\.?[0-9].*")) {
      return "a number";
    }
    return "\"" + image + "\"";
  }

  private static String innermost(Throwable e) {
    String msg = "";
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t.getMessage() != null && t.getMessage().contains("line")) {
        msg = t.getMessage();
      } else if (msg.isEmpty() && t.getMessage() != null) {
        msg = t.getMessage();
      }
    }
    return msg.lines().findFirst().orElse("").strip();
  }
}
