package io.dbscope.engine.mongodb;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.MongoCredential;
import com.mongodb.ReadPreference;
import com.mongodb.ServerAddress;
import com.mongodb.connection.ClusterConnectionMode;
import com.mongodb.event.ConnectionPoolListener;
import io.dbscope.core.config.DatasourceConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A datasource's driver settings: either {@code url} ({@code mongodb://} or {@code mongodb+srv://},
 * read by the driver itself) or {@code dbHost}; then dbscope's keys and bounds on top.
 *
 * <p>Bounds that keep a dead server from holding a scrape: server selection and socket connect wait
 * at most {@code connectTimeout}; every command carries its own deadline (see {@link
 * MongoSession}); the pool holds at most {@code maxOpenConns} connections, none kept warm. A
 * password is given to the driver as a credential, never as part of a string that is printed.
 */
final class MongoSettings {
  static final int DEFAULT_PORT = 27017;

  private MongoSettings() {}

  /** Readable problems with a datasource's MongoDB settings, or an empty list. */
  static List<String> problems(DatasourceConfig config) {
    List<String> out = new ArrayList<>();
    config
        .url()
        .ifPresent(
            u -> {
              String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
              if (!scheme.equals("mongodb") && !scheme.equals("mongodb+srv")) {
                out.add("url: must start with mongodb:// or mongodb+srv://");
                return;
              }
              try {
                new ConnectionString(u.toString());
              } catch (IllegalArgumentException e) {
                // The driver's message may quote the URL (and its password): only say that it is.
                out.add("url: not a MongoDB connection string the driver accepts");
              }
            });
    return out;
  }

  /**
   * @throws IllegalArgumentException when the settings are unusable; the message never contains the
   *     password
   */
  static MongoClientSettings of(DatasourceConfig config, ConnectionPoolListener pool) {
    List<String> problems = problems(config);
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", problems));
    }
    long connectMs = Math.max(1, config.connectTimeout().toMillis());
    MongoClientSettings.Builder b = MongoClientSettings.builder();
    String replicaSet = config.option(MongoOptions.REPLICA_SET);
    ConnectionString url = config.url().map(u -> new ConnectionString(u.toString())).orElse(null);
    if (url != null) {
      b.applyConnectionString(url);
    } else {
      int port = config.port() > 0 ? config.port() : DEFAULT_PORT;
      b.applyToClusterSettings(
          c -> {
            c.hosts(List.of(new ServerAddress(config.host(), port)));
            if (replicaSet.isEmpty()) {
              // One datasource, one server: no discovery of other members.
              c.mode(ClusterConnectionMode.SINGLE);
            } else {
              c.requiredReplicaSetName(replicaSet).mode(ClusterConnectionMode.MULTIPLE);
            }
          });
    }
    if (url == null || url.getCredential() == null) {
      if (!config.user().isEmpty()) {
        b.credential(
            MongoCredential.createCredential(
                config.user(),
                config.option(MongoOptions.AUTH_SOURCE),
                config.password().reveal().toCharArray()));
      }
    }
    boolean tls =
        config.option(MongoOptions.TLS)
            || (url != null && Boolean.TRUE.equals(url.getSslEnabled()));
    b.applyToSslSettings(
        s -> {
          s.enabled(tls);
          config.option(MongoOptions.TLS_CA_FILE).ifPresent(f -> s.context(sslContext(f)));
        });
    if (url == null || url.getReadPreference() == null) {
      b.readPreference(ReadPreference.valueOf(readPreference(config)));
    }
    if (url == null || url.getRetryWritesValue() == null) {
      b.retryWrites(config.option(MongoOptions.RETRY_WRITES));
    }
    // A failed read is a failed collector this scrape; retrying would only run past the deadline.
    b.retryReads(false);
    b.applicationName("dbscope");
    b.applyToClusterSettings(c -> c.serverSelectionTimeout(connectMs, TimeUnit.MILLISECONDS));
    b.applyToSocketSettings(s -> s.connectTimeout((int) connectMs, TimeUnit.MILLISECONDS));
    b.applyToConnectionPoolSettings(
        p -> {
          p.maxSize(Math.max(1, config.maxOpenConns())).minSize(0);
          p.maxWaitTime(connectMs, TimeUnit.MILLISECONDS);
          long life = config.connMaxLifetime().toMillis();
          if (life > 0) {
            p.maxConnectionLifeTime(life, TimeUnit.MILLISECONDS);
          }
          p.addConnectionPoolListener(pool);
        });
    return b.build();
  }

  /** The driver's read preference name for the key's lower-case value. */
  static String readPreference(DatasourceConfig config) {
    return switch (config.option(MongoOptions.READ_PREFERENCE)) {
      case "primarypreferred" -> "primaryPreferred";
      case "secondarypreferred" -> "secondaryPreferred";
      case String s -> s;
    };
  }

  /** A TLS context trusting the certificates of a PEM file (DocumentDB's global bundle). */
  static SSLContext sslContext(Path pem) {
    try (InputStream in = Files.newInputStream(pem)) {
      KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
      ks.load(null, null);
      int i = 0;
      for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        ks.setCertificateEntry("ca-" + i++, c);
      }
      if (i == 0) {
        throw new IllegalArgumentException("tlsCAFile: " + pem + " holds no certificate");
      }
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(ks);
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, tmf.getTrustManagers(), null);
      return ctx;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException(
          "tlsCAFile: cannot read " + pem + ": " + e.getMessage(), e);
    }
  }
}
