package io.dbscope.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * A throw-away PKI made at test time with the JDK's own {@code keytool}: a CA, an RSA server
 * certificate, an EC server certificate, a client certificate signed by the CA and a self-signed
 * "rogue" client. Made once per test JVM (keytool takes about a second per key), then written out
 * as PEM in the formats operators meet: PKCS#8, PKCS#1 and SEC1.
 */
final class TestPki {
  static final String PASS = "changeit";
  private final KeyStore store;

  private TestPki(KeyStore store) {
    this.store = store;
  }

  private static final class Holder {
    static final TestPki PKI = create();
  }

  /** The PKI of this test JVM. */
  static TestPki shared() {
    return Holder.PKI;
  }

  private static TestPki create() {
    try {
      Path dir = Files.createTempDirectory("dbscope-pki");
      Path ks = dir.resolve("pki.p12");
      String san = "san=ip:127.0.0.1,dns:localhost";
      keytool(
          ks,
          "-alias",
          "ca",
          "-keyalg",
          "EC",
          "-groupname",
          "secp256r1",
          "-dname",
          "CN=dbscope test CA",
          "-ext",
          "bc:c");
      keytool(
          ks,
          "-alias",
          "server",
          "-keyalg",
          "RSA",
          "-keysize",
          "2048",
          "-dname",
          "CN=server-one",
          "-signer",
          "ca",
          "-signerkeypass",
          PASS,
          "-ext",
          san);
      keytool(
          ks,
          "-alias",
          "server-ec",
          "-keyalg",
          "EC",
          "-groupname",
          "secp256r1",
          "-dname",
          "CN=server-ec",
          "-signer",
          "ca",
          "-signerkeypass",
          PASS,
          "-ext",
          san);
      keytool(
          ks,
          "-alias",
          "client",
          "-keyalg",
          "EC",
          "-groupname",
          "secp256r1",
          "-dname",
          "CN=scraper",
          "-signer",
          "ca",
          "-signerkeypass",
          PASS,
          "-ext",
          "san=dns:prometheus.example");
      keytool(
          ks, "-alias", "rogue", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=rogue");
      KeyStore store = KeyStore.getInstance("PKCS12");
      try (var in = Files.newInputStream(ks)) {
        store.load(in, PASS.toCharArray());
      }
      return new TestPki(store);
    } catch (Exception e) {
      throw new IllegalStateException("cannot make the test PKI with keytool", e);
    }
  }

  private static void keytool(Path ks, String... args) throws IOException, InterruptedException {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-J-XX:TieredStopAtLevel=1",
                "-J-XX:+UseSerialGC",
                "-genkeypair",
                "-keystore",
                ks.toString(),
                "-storepass",
                PASS,
                "-storetype",
                "PKCS12",
                "-validity",
                "3"));
    cmd.addAll(Arrays.asList(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("keytool %s: %s", args[1], out).isZero();
  }

  PrivateKey key(String alias) throws Exception {
    return (PrivateKey) store.getKey(alias, PASS.toCharArray());
  }

  X509Certificate[] chain(String alias) throws Exception {
    Certificate[] c = store.getCertificateChain(alias);
    return Arrays.copyOf(c, c.length, X509Certificate[].class);
  }

  X509Certificate ca() throws Exception {
    return chain("ca")[0];
  }

  /** The leaf and its issuer, as a server's {@code cert_file} usually holds them. */
  Path writeChain(String alias, Path file) throws Exception {
    StringBuilder b = new StringBuilder();
    for (X509Certificate c : chain(alias)) {
      b.append(pem("CERTIFICATE", c.getEncoded()));
    }
    return write(file, b.toString());
  }

  Path writeCa(Path file) throws Exception {
    return write(file, pem("CERTIFICATE", ca().getEncoded()));
  }

  /** {@code -----BEGIN PRIVATE KEY-----}. */
  Path writePkcs8(String alias, Path file) throws Exception {
    return write(file, pem("PRIVATE KEY", key(alias).getEncoded()));
  }

  /**
   * {@code -----BEGIN RSA PRIVATE KEY-----} or {@code -----BEGIN EC PRIVATE KEY-----}: the inner
   * key of PKCS#8.
   */
  Path writeTraditional(String alias, Path file) throws Exception {
    PrivateKey k = key(alias);
    List<Der> pkcs8 = Der.sequence(k.getEncoded(), PemSource.ofFile("test", file));
    String type = k.getAlgorithm().equals("RSA") ? "RSA PRIVATE KEY" : "EC PRIVATE KEY";
    return write(file, pem(type, pkcs8.get(2).content()));
  }

  /**
   * A client context trusting the test CA, presenting {@code clientAlias}'s certificate if not
   * null.
   */
  SSLContext clientContext(String clientAlias) throws Exception {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("ca", ca());
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    KeyManager[] keys = new KeyManager[0];
    if (clientAlias != null) {
      keys =
          new KeyManager[] {new AlwaysPresent(clientAlias, key(clientAlias), chain(clientAlias))};
    }
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(keys, tmf.getTrustManagers(), null);
    return ctx;
  }

  /**
   * A client that sends its certificate whatever CAs the server names, as a misconfigured or
   * hostile client would; the JDK's own key manager would quietly send none.
   */
  private static final class AlwaysPresent extends X509ExtendedKeyManager {
    private final String alias;
    private final PrivateKey key;
    private final X509Certificate[] chain;

    AlwaysPresent(String alias, PrivateKey key, X509Certificate[] chain) {
      this.alias = alias;
      this.key = key;
      this.chain = chain;
    }

    @Override
    public String chooseEngineClientAlias(
        String[] keyType, java.security.Principal[] issuers, SSLEngine engine) {
      return alias;
    }

    @Override
    public String chooseClientAlias(
        String[] keyType, java.security.Principal[] issuers, java.net.Socket socket) {
      return alias;
    }

    @Override
    public String[] getClientAliases(String keyType, java.security.Principal[] issuers) {
      return new String[] {alias};
    }

    @Override
    public X509Certificate[] getCertificateChain(String a) {
      return chain.clone();
    }

    @Override
    public PrivateKey getPrivateKey(String a) {
      return key;
    }

    @Override
    public String[] getServerAliases(String keyType, java.security.Principal[] issuers) {
      return null;
    }

    @Override
    public String chooseServerAlias(
        String keyType, java.security.Principal[] issuers, java.net.Socket socket) {
      return null;
    }
  }

  static String pem(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }

  /** Written beside and moved over the target, as certbot and cert-manager replace files. */
  static Path write(Path file, String text) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(tmp, text, StandardCharsets.US_ASCII);
    return Files.move(
        tmp,
        file,
        java.nio.file.StandardCopyOption.REPLACE_EXISTING,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }
}
