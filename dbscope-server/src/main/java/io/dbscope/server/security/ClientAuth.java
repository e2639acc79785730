package io.dbscope.server.security;

import java.util.Arrays;
import java.util.Optional;

/**
 * The exporter-toolkit's {@code client_auth_type} values, which are Go's {@code tls.ClientAuthType}
 * names, and what each asks of JSSE: whether the server asks for a certificate, whether it must get
 * one, and whether it checks it against {@code client_ca_file}.
 */
public enum ClientAuth {
  NO_CLIENT_CERT("NoClientCert", false, false, false),
  REQUEST_CLIENT_CERT("RequestClientCert", true, false, false),
  REQUIRE_ANY_CLIENT_CERT("RequireAnyClientCert", true, true, false),
  VERIFY_CLIENT_CERT_IF_GIVEN("VerifyClientCertIfGiven", true, false, true),
  REQUIRE_AND_VERIFY_CLIENT_CERT("RequireAndVerifyClientCert", true, true, true);

  private final String configName;
  private final boolean requests;
  private final boolean requires;
  private final boolean verifies;

  ClientAuth(String configName, boolean requests, boolean requires, boolean verifies) {
    this.configName = configName;
    this.requests = requests;
    this.requires = requires;
    this.verifies = verifies;
  }

  /**
   * By its config name; {@code RequireClientCert} is the toolkit's old name of
   * RequireAnyClientCert.
   */
  static Optional<ClientAuth> byName(String name) {
    if (name.isEmpty()) {
      return Optional.of(NO_CLIENT_CERT);
    }
    if (name.equals("RequireClientCert")) {
      return Optional.of(REQUIRE_ANY_CLIENT_CERT);
    }
    return Arrays.stream(values()).filter(c -> c.configName.equals(name)).findFirst();
  }

  public String configName() {
    return configName;
  }

  /** The server asks for a client certificate (JSSE want or need). */
  public boolean requests() {
    return requests;
  }

  /** A handshake without a client certificate fails (JSSE need). */
  public boolean requires() {
    return requires;
  }

  /** A client certificate, when sent, must chain to the client CAs. */
  public boolean verifies() {
    return verifies;
  }
}
