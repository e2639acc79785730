package io.dbscope.engine.jdbc;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * URL options, known for the drivers dbscope has met, that let a driver load a class named in the
 * URL, run SQL or code at connect, or read the dbscope host's files. The {@code postgres} and
 * {@code mysql} engines refuse these for their drivers; the generic engine must refuse them too, or
 * it would be the way around those checks. Refused whatever their value (stricter than the engines,
 * which allow an explicit off): the generic engine cannot know each driver's spelling of "off".
 */
final class UnsafeUrlOptions {
  private static final List<String> NAMES =
      List.of(
          // pgjdbc: classes named in the URL, a log file written where the URL says.
          "socketfactory",
          "socketfactoryarg",
          "sslfactory",
          "sslfactoryarg",
          "sslhostnameverifier",
          "sslpasswordcallback",
          "authenticationpluginclassname",
          "loggerfile",
          // MariaDB and MySQL Connector/J: local files, deserialization, classes.
          "allowlocalinfile",
          "allowloadlocalinfile",
          "allowurlinlocalinfile",
          "allowloadlocalinfileinpath",
          "autodeserialize",
          "tlssockettype",
          "credentialtype",
          "codecs",
          "queryinterceptors",
          "statementinterceptors",
          "exceptioninterceptors",
          "connectionlifecycleinterceptors",
          "propertiestransform",
          "clientinfoprovider",
          "authenticationplugins",
          "loadbalanceexceptionchecker",
          // H2: SQL run at connect (INIT=RUNSCRIPT, CREATE ALIAS runs Java code), classes named
          // in the URL, a TCP server opened for other processes.
          "init",
          "database_event_listener",
          "java_object_serializer",
          "auto_server",
          "auto_server_port",
          // SQLite: native extensions.
          "enable_load_extension",
          // HSQLDB: text tables reading any file, a JCE provider class, log files where the URL
          // says.
          "textdb.allow_full_path",
          "crypt_provider",
          "hsqldb.sqllog",
          "hsqldb.app_log",
          // Derby: a database created or restored from a directory the URL names.
          "createfrom",
          "restorefrom",
          "rollforwardrecoveryfrom",
          "logdevice");

  /** An option's name: after '?', '&' or ';', before '='. */
  private static final Pattern OPTION = Pattern.compile("[?&;]\\s*([A-Za-z0-9_.-]+)\\s*=");

  private UnsafeUrlOptions() {}

  /**
   * The unsafe options the URL sets, as the URL spells them. sqlite-jdbc's {@code :resource:} form
   * reads the database from a class path resource or a remote URL, so it counts as one.
   */
  static List<String> in(String url) {
    List<String> found = new ArrayList<>();
    if (url.toLowerCase(Locale.ROOT).startsWith("jdbc:sqlite::resource:")) {
      found.add(":resource:");
    }
    Matcher m = OPTION.matcher(url);
    while (m.find()) {
      if (NAMES.contains(m.group(1).toLowerCase(Locale.ROOT))) {
        found.add(m.group(1));
      }
    }
    return found;
  }
}
