package io.dbscope.core.config;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The seed's {@code ENC(base64)} password form: {@code PasswordCodec.encode("s3cret")} is {@code
 * "ENC(czNjcmV0)"}, and the loader turns {@code ENC(czNjcmV0)} back into {@code s3cret}.
 *
 * <p>This is <b>obfuscation, not encryption</b>: anyone who can read the config file can decode the
 * password with {@code base64 -d}. It only keeps a password from being read over a shoulder.
 * Protect passwords with file permissions ({@code dbPwdFile}) or the environment ({@code
 * ${ENV_VAR}}) instead; see {@code docs/configuration.md}.
 *
 * <p>Decoding accepts the standard and the URL-safe base64 alphabets, with or without padding.
 * Error messages never contain the value.
 */
public final class PasswordCodec {
  private static final String PREFIX = "ENC(";
  private static final String SUFFIX = ")";

  private PasswordCodec() {}

  /** {@code ENC(<base64 of the UTF-8 bytes>)}, for {@code dbscope encode-password}. */
  public static String encode(String clear) {
    return PREFIX
        + Base64.getEncoder().encodeToString(clear.getBytes(StandardCharsets.UTF_8))
        + SUFFIX;
  }

  /** Whether a value is written in the {@code ENC(...)} form. */
  public static boolean isEncoded(String value) {
    return value.startsWith(PREFIX) && value.endsWith(SUFFIX) && value.length() >= 5;
  }

  /**
   * The clear password of an {@code ENC(...)} value; any other value is returned as it is.
   *
   * @throws IllegalArgumentException if the content is not base64 or not UTF-8 text (the message
   *     never contains the value)
   */
  public static String decode(String value) {
    if (!isEncoded(value)) {
      return value;
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(decodeBytes(value)))
          .toString();
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException("ENC() value does not decode to UTF-8 text");
    }
  }

  /**
   * The bytes inside {@code ENC(...)}.
   *
   * @throws IllegalArgumentException "ENC() value is not valid base64", without the value
   */
  static byte[] decodeBytes(String value) {
    String body = value.substring(PREFIX.length(), value.length() - SUFFIX.length());
    boolean urlSafe = body.indexOf('-') >= 0 || body.indexOf('_') >= 0;
    try {
      return (urlSafe ? Base64.getUrlDecoder() : Base64.getDecoder()).decode(body);
    } catch (IllegalArgumentException e) {
      // The JDK's message quotes the offending character; ours must not quote the value at all.
      throw new IllegalArgumentException("ENC() value is not valid base64");
    }
  }
}
