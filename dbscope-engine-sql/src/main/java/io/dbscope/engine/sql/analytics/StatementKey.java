package io.dbscope.engine.sql.analytics;

import java.util.Objects;

/**
 * The fingerprint of a statement as the server groups it: PostgreSQL's {@code queryid} with
 * database and user, or MySQL's {@code digest} with the schema (and an empty user).
 *
 * @param id queryid or digest
 * @param database database (PostgreSQL) or default schema (MySQL), empty when none
 * @param user user name, empty when the server does not group by user
 */
public record StatementKey(String id, String database, String user) {
  public StatementKey {
    Objects.requireNonNull(id, "id");
    database = database == null ? "" : database;
    user = user == null ? "" : user;
  }

  /** A 64-bit hash, for remembering evicted fingerprints without keeping their strings. */
  long hash64() {
    long h = 0xcbf29ce484222325L;
    h = mix(h, id);
    h = mix(h, database);
    return mix(h, user);
  }

  private static long mix(long h, String s) {
    for (int i = 0; i < s.length(); i++) {
      h ^= s.charAt(i);
      h *= 0x100000001b3L;
    }
    h ^= 0xff;
    return h * 0x100000001b3L;
  }
}
