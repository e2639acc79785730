package io.dbscope.engine.sql.guard;

import io.dbscope.sql.AllowedFunctions;
import io.dbscope.sql.FunctionName;
import io.dbscope.sql.SqlDialect;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import net.sf.jsqlparser.expression.AnalyticExpression;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.expression.NextValExpression;
import net.sf.jsqlparser.expression.VariableAssignment;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;

/**
 * The syntax-tree layer of {@link SqlGuard}: given the one statement the parser produced, accepts
 * it only when it is a query ({@link Select}: plain, set operation, parenthesised, {@code WITH},
 * {@code VALUES}, {@code TABLE}) and nothing anywhere inside it writes or locks.
 *
 * <p>The tree is walked reflectively over every field of every parser node rather than through the
 * parser's visitor interfaces: a visitor sees what its author remembered to visit, while this walk
 * sees each node the parser built, including those of syntax added in a later parser release.
 * Refused anywhere in the tree:
 *
 * <ul>
 *   <li>any statement that is not a query: {@code WITH d AS (DELETE … RETURNING *) SELECT …};
 *   <li>{@code SELECT … INTO} (table, file, variables) and {@code FOR UPDATE/SHARE} locking;
 *   <li>variable assignment ({@code @a := 1}; the parser also builds an assignment node for
 *       {@code @@global.read_only = 0}, which in a query is a comparison and is accepted), {@code
 *       NEXT VALUE FOR}, {@code PROCEDURE ANALYSE};
 *   <li>calls of functions that {@link AllowedFunctions} does not allow for the dialect.
 * </ul>
 */
final class StatementCheck {
  /**
   * Names the parser builds function nodes for that are syntax, not calls: {@code ROW(1, 2)},
   * {@code ARRAY(SELECT …)}, {@code = ANY(…)}, {@code GROUP BY ROLLUP(…)}. Where such a word is a
   * call ({@code SELECT rollup(1)}), {@link CallScan} has already refused it on the tokens, which
   * show the context the tree does not.
   */
  private static final Set<String> SYNTAX =
      Set.of("any", "some", "all", "array", "row", "rollup", "cube");

  /** Non-static, non-primitive fields per parser class, found once per guard. */
  private final Map<Class<?>, List<Field>> fields = new ConcurrentHashMap<>();

  private final SqlDialect dialect;
  private final AllowedFunctions allowed;

  StatementCheck(SqlDialect dialect, AllowedFunctions allowed) {
    this.dialect = dialect;
    this.allowed = allowed;
  }

  /** Why {@code statement} is refused, or empty when it is a pure read. */
  Optional<String> check(Statement statement) {
    if (!(statement instanceof Select)) {
      return Optional.of(kind(statement) + " is not a read statement");
    }
    Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    Deque<Object> todo = new ArrayDeque<>();
    todo.push(statement);
    while (!todo.isEmpty()) {
      Object node = todo.pop();
      if (!seen.add(node)) {
        continue;
      }
      Optional<String> refused = inspect(node);
      if (refused.isPresent()) {
        return refused;
      }
      children(node, todo);
    }
    return Optional.empty();
  }

  private Optional<String> inspect(Object node) {
    if (node instanceof Statement s && !(s instanceof Select)) {
      return Optional.of(kind(s) + " inside the query: only reads are allowed");
    }
    if (node instanceof PlainSelect p) {
      if ((p.getIntoTables() != null && !p.getIntoTables().isEmpty())
          || p.getIntoTempTable() != null
          || p.getMySqlSelectIntoClause() != null) {
        return Optional.of("SELECT … INTO writes a table, a file or variables");
      }
    }
    if (node instanceof Select s) {
      if (s.getForMode() != null
          || s.getForUpdateTable() != null
          || (s.getForUpdateTables() != null && !s.getForUpdateTables().isEmpty())
          || s.getForUpdate() != null
          || s.isNoWait()
          || s.getWait() != null) {
        return Optional.of("FOR UPDATE/FOR SHARE locks rows");
      }
      if (s.getMySqlProcedureAnalyse() != null) {
        return Optional.of("PROCEDURE ANALYSE runs a procedure");
      }
    }
    if (node instanceof VariableAssignment a && ":=".equals(a.getOperation())) {
      return Optional.of("assigning a variable (:=) changes session state");
    }
    if (node instanceof NextValExpression) {
      return Optional.of("NEXT VALUE FOR advances a sequence");
    }
    if (node instanceof Function f && f.getMultipartName() != null) {
      return call(FunctionName.ofParser(f.getMultipartName()));
    }
    if (node instanceof AnalyticExpression a && a.getName() != null) {
      return call(FunctionName.ofParser(List.of(a.getName().split("\\."))));
    }
    return Optional.empty();
  }

  private Optional<String> call(FunctionName name) {
    if (name.parts().isEmpty()) {
      return Optional.empty();
    }
    boolean syntax =
        !name.qualified()
            && !name.anyQuoted()
            && SYNTAX.contains(FunctionName.asciiLower(name.last().text()));
    // Spaces before '(' are judged on the tokens, which the tree no longer has.
    return syntax ? Optional.empty() : allowed.refusal(name, dialect, true);
  }

  private void children(Object node, Deque<Object> todo) {
    if (node instanceof Collection<?> c) {
      c.forEach(x -> push(x, todo));
      if (!isParserNode(node)) {
        return;
      }
    }
    if (node instanceof Map<?, ?> m) {
      m.forEach(
          (k, v) -> {
            push(k, todo);
            push(v, todo);
          });
      return;
    }
    if (node instanceof Object[] a) {
      for (Object x : a) {
        push(x, todo);
      }
      return;
    }
    for (Field f : fields(node.getClass())) {
      try {
        push(f.get(node), todo);
      } catch (IllegalAccessException e) {
        throw new IllegalStateException("cannot inspect " + f, e);
      }
    }
  }

  private static void push(Object o, Deque<Object> todo) {
    if (o == null
        || o instanceof Enum<?>
        || o instanceof String
        || o instanceof Number
        || o instanceof Boolean
        || o instanceof Character) {
      return;
    }
    if (o instanceof Collection<?>
        || o instanceof Map<?, ?>
        || o instanceof Object[]
        || isParserNode(o)) {
      todo.push(o);
    }
  }

  /** Nodes of the syntax tree; the parser's own machinery (tokens, parse tree) is left out. */
  private static boolean isParserNode(Object o) {
    String n = o.getClass().getName();
    return n.startsWith("net.sf.jsqlparser.") && !n.startsWith("net.sf.jsqlparser.parser.");
  }

  private List<Field> fields(Class<?> type) {
    return fields.computeIfAbsent(
        type,
        t -> {
          java.util.ArrayList<Field> out = new java.util.ArrayList<>();
          for (Class<?> c = t; c != null && c != Object.class; c = c.getSuperclass()) {
            if (!c.getName().startsWith("net.sf.jsqlparser.")) {
              continue;
            }
            for (Field f : c.getDeclaredFields()) {
              if (Modifier.isStatic(f.getModifiers()) || f.getType().isPrimitive()) {
                continue;
              }
              f.setAccessible(true);
              out.add(f);
            }
          }
          return List.copyOf(out);
        });
  }

  /** {@code Insert} → {@code INSERT}, {@code SetStatement} → {@code SET}. */
  static String kind(Statement s) {
    String n = s.getClass().getSimpleName();
    n = n.replaceFirst("^Parenthesed", "").replaceFirst("Statement$", "");
    return switch (n) {
      case "Execute" -> "CALL/EXECUTE";
      case "Rollback" -> "ROLLBACK";
      case "Unsupported" -> "this statement";
      default -> n.isEmpty() ? "this statement" : n.toUpperCase(Locale.ROOT);
    };
  }
}
