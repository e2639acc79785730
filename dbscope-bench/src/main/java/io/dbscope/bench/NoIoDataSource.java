package io.dbscope.bench;

import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A JDBC data source that does no I/O: every query returns one row holding {@code 1}. Built from
 * JDK proxies, the same for every instrumentation measured on it, so that what differs between the
 * benchmark's variants is the instrumentation alone (not a driver's network or parsing).
 */
final class NoIoDataSource implements DataSource {
  private static final ClassLoader LOADER = NoIoDataSource.class.getClassLoader();

  @Override
  public Connection getConnection() {
    return proxy(Connection.class, new Conn());
  }

  @Override
  public Connection getConnection(String user, String password) {
    return getConnection();
  }

  static <T> T proxy(Class<T> type, InvocationHandler h) {
    return type.cast(Proxy.newProxyInstance(LOADER, new Class<?>[] {type}, h));
  }

  /** What a JDBC call returns when nothing is said: the neutral value of its type. */
  static Object neutral(Method m) {
    Class<?> r = m.getReturnType();
    if (r == boolean.class) {
      return Boolean.FALSE;
    }
    if (r == int.class) {
      return 0;
    }
    if (r == long.class) {
      return 0L;
    }
    return null;
  }

  private static final class Conn implements InvocationHandler {
    private boolean autoCommit = true;

    @Override
    public Object invoke(Object self, Method m, Object[] args) {
      return switch (m.getName()) {
        case "prepareStatement", "createStatement" ->
            proxy(PreparedStatement.class, new Stmt((Connection) self));
        case "getMetaData" -> proxy(DatabaseMetaData.class, (p, x, a) -> meta(x));
        case "getAutoCommit" -> autoCommit;
        case "setAutoCommit" -> {
          autoCommit = (Boolean) args[0];
          yield null;
        }
        case "isClosed", "isWrapperFor" -> false;
        case "unwrap" -> self;
        case "isValid" -> true;
        case "hashCode" -> System.identityHashCode(self);
        case "equals" -> self == args[0];
        default -> neutral(m);
      };
    }

    private static Object meta(Method m) {
      return switch (m.getName()) {
        case "getDatabaseProductName" -> "NoIo";
        case "getURL" -> "jdbc:noio:";
        default -> neutral(m);
      };
    }
  }

  private static final class Stmt implements InvocationHandler {
    private final Connection conn;

    Stmt(Connection conn) {
      this.conn = conn;
    }

    @Override
    public Object invoke(Object self, Method m, Object[] args) {
      return switch (m.getName()) {
        case "executeQuery", "getResultSet" -> proxy(ResultSet.class, new Rows((Statement) self));
        case "execute" -> true;
        case "getConnection" -> conn;
        case "hashCode" -> System.identityHashCode(self);
        case "equals" -> self == args[0];
        default -> neutral(m);
      };
    }
  }

  private static final class Rows implements InvocationHandler {
    private final Statement statement;
    private int row;

    Rows(Statement statement) {
      this.statement = statement;
    }

    @Override
    public Object invoke(Object self, Method m, Object[] args) {
      return switch (m.getName()) {
        case "next" -> ++row == 1;
        case "getInt" -> 1;
        case "getLong" -> 1L;
        case "getString" -> "1";
        case "getStatement" -> statement;
        case "hashCode" -> System.identityHashCode(self);
        case "equals" -> self == args[0];
        default -> neutral(m);
      };
    }
  }

  @Override
  public PrintWriter getLogWriter() {
    return null;
  }

  @Override
  public void setLogWriter(PrintWriter out) {}

  @Override
  public void setLoginTimeout(int seconds) {}

  @Override
  public int getLoginTimeout() {
    return 0;
  }

  @Override
  public Logger getParentLogger() {
    return Logger.getGlobal();
  }

  @Override
  public <T> T unwrap(Class<T> iface) {
    return iface.cast(this);
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) {
    return iface.isInstance(this);
  }
}
