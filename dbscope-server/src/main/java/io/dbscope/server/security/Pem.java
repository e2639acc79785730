package io.dbscope.server.security;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAKey;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.KeySpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPrivateCrtKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PEM certificates and private keys with the JDK alone: {@code CERTIFICATE} blocks, PKCS#8 {@code
 * PRIVATE KEY} (RSA, EC, EdDSA), PKCS#1 {@code RSA PRIVATE KEY} and SEC1 {@code EC PRIVATE KEY} —
 * what openssl, cfssl, cert-manager and Go's tooling write. A SEC1 key takes its curve from the
 * certificate it is paired with, so its optional parameters field is not needed. Encrypted keys are
 * refused, as Go's {@code tls.X509KeyPair} refuses them.
 */
final class Pem {
  private static final Pattern BLOCK =
      Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----(.*?)-----END \\1-----", Pattern.DOTALL);

  private Pem() {}

  record Block(String type, String headers, byte[] der) {}

  static List<Block> blocks(String text) {
    List<Block> out = new ArrayList<>();
    Matcher m = BLOCK.matcher(text);
    while (m.find()) {
      String body = m.group(2);
      StringBuilder b64 = new StringBuilder();
      StringBuilder headers = new StringBuilder();
      for (String line : body.split("\\R")) {
        if (line.contains(":")) {
          headers.append(line.trim()).append('\n');
        } else {
          b64.append(line.trim());
        }
      }
      try {
        out.add(
            new Block(
                m.group(1), headers.toString(), Base64.getMimeDecoder().decode(b64.toString())));
      } catch (IllegalArgumentException e) {
        out.add(new Block(m.group(1), headers.toString(), new byte[0]));
      }
    }
    return out;
  }

  /** Every {@code CERTIFICATE} block, leaf first as written; none is an error. */
  static List<X509Certificate> certificates(String text, PemSource from) throws WebConfigException {
    List<X509Certificate> certs = new ArrayList<>();
    try {
      CertificateFactory cf = CertificateFactory.getInstance("X.509");
      for (Block b : blocks(text)) {
        if (b.type().equals("CERTIFICATE")) {
          certs.add((X509Certificate) cf.generateCertificate(new ByteArrayInputStream(b.der())));
        }
      }
    } catch (CertificateException e) {
      throw new WebConfigException(from + ": not a valid certificate: " + e.getMessage(), e);
    }
    if (certs.isEmpty()) {
      throw new WebConfigException(from + ": no PEM CERTIFICATE block found");
    }
    return certs;
  }

  /** The first private key of {@code text}, checked to belong to {@code leaf}. */
  static PrivateKey privateKey(String text, PemSource from, X509Certificate leaf)
      throws WebConfigException {
    for (Block b : blocks(text)) {
      if (b.headers().contains("ENCRYPTED") || b.type().equals("ENCRYPTED PRIVATE KEY")) {
        throw new WebConfigException(
            from
                + ": encrypted keys are not supported (decrypt it with: openssl pkey -in KEY -out"
                + " KEY.plain)");
      }
      PrivateKey key =
          switch (b.type()) {
            case "PRIVATE KEY" -> pkcs8(b.der(), from, leaf.getPublicKey());
            case "RSA PRIVATE KEY" -> generate("RSA", pkcs1(b.der(), from), from);
            case "EC PRIVATE KEY" -> generate("EC", sec1(b.der(), from, leaf), from);
            default -> null;
          };
      if (key != null) {
        checkPair(key, leaf, from);
        return key;
      }
    }
    throw new WebConfigException(
        from + ": no PEM PRIVATE KEY, RSA PRIVATE KEY or EC PRIVATE KEY block found");
  }

  private static PrivateKey pkcs8(byte[] der, PemSource from, PublicKey pub)
      throws WebConfigException {
    List<String> algorithms =
        new ArrayList<>(List.of(pub.getAlgorithm(), "RSA", "EC", "EdDSA", "RSASSA-PSS"));
    for (String alg : algorithms) {
      try {
        return KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(der));
      } catch (GeneralSecurityException | RuntimeException e) {
        // Try the next algorithm.
      }
    }
    throw new WebConfigException(from + ": not a PKCS#8 RSA, EC or EdDSA private key");
  }

  /** PKCS#1 RSAPrivateKey: version, n, e, d, p, q, d mod (p-1), d mod (q-1), q^-1 mod p. */
  private static KeySpec pkcs1(byte[] der, PemSource from) throws WebConfigException {
    List<Der> f = Der.sequence(der, from);
    if (f.size() < 9) {
      throw new WebConfigException(from + ": not a PKCS#1 RSA private key");
    }
    BigInteger[] v = new BigInteger[9];
    for (int i = 0; i < 9; i++) {
      v[i] = new BigInteger(f.get(i).content());
    }
    return new RSAPrivateCrtKeySpec(v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8]);
  }

  /** SEC1 ECPrivateKey: version 1, the private scalar as an octet string, then optional fields. */
  private static KeySpec sec1(byte[] der, PemSource from, X509Certificate leaf)
      throws WebConfigException {
    if (!(leaf.getPublicKey() instanceof ECPublicKey ec)) {
      throw new WebConfigException(
          from
              + ": holds an EC key but the certificate's key is "
              + leaf.getPublicKey().getAlgorithm());
    }
    List<Der> f = Der.sequence(der, from);
    if (f.size() < 2 || f.get(1).tag() != 0x04) {
      throw new WebConfigException(from + ": not a SEC1 EC private key");
    }
    return new ECPrivateKeySpec(new BigInteger(1, f.get(1).content()), ec.getParams());
  }

  private static PrivateKey generate(String alg, KeySpec spec, PemSource from)
      throws WebConfigException {
    try {
      return KeyFactory.getInstance(alg).generatePrivate(spec);
    } catch (GeneralSecurityException e) {
      throw new WebConfigException(
          from + ": not a valid " + alg + " private key: " + e.getMessage(), e);
    }
  }

  /** As Go's X509KeyPair: the key must be the certificate's. */
  private static void checkPair(PrivateKey key, X509Certificate leaf, PemSource from)
      throws WebConfigException {
    PublicKey pub = leaf.getPublicKey();
    boolean ok =
        key instanceof RSAKey k && pub instanceof RSAKey p
            ? k.getModulus().equals(p.getModulus())
            : signs(key, pub);
    if (!ok) {
      throw new WebConfigException(from + ": the private key does not match the certificate");
    }
  }

  private static boolean signs(PrivateKey key, PublicKey pub) {
    String alg = key.getAlgorithm().equals("EC") ? "SHA256withECDSA" : "EdDSA";
    try {
      byte[] data = "dbscope key pair check".getBytes(StandardCharsets.US_ASCII);
      Signature s = Signature.getInstance(alg);
      s.initSign(key);
      s.update(data);
      byte[] sig = s.sign();
      Signature v = Signature.getInstance(alg);
      v.initVerify(pub);
      v.update(data);
      return v.verify(sig);
    } catch (GeneralSecurityException | RuntimeException e) {
      return false;
    }
  }
}
