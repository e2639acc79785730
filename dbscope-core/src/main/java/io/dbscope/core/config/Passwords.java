package io.dbscope.core.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Turns a written password into a {@link Secret}: {@code ${ENV}} first, then {@code ENC(base64)}.
 * Reports whether it was plain text in the file, so that the binder can warn once. Nothing here
 * ever puts the value into a message.
 */
final class Passwords {
  private Passwords() {}

  /**
   * @param secret the clear password (or, for basic auth, possibly a bcrypt hash)
   * @param plain whether it was written in clear in the file (not {@code ENC()}, not from the
   *     environment, not empty)
   */
  record Resolved(Secret secret, boolean plain) {}

  static Optional<Resolved> resolve(Section s, String name) {
    Optional<Section.Text> text = s.text(name);
    if (text.isEmpty()) {
      return Optional.empty();
    }
    String value = text.get().value();
    if (!PasswordCodec.isEncoded(value)) {
      boolean plain = !value.isEmpty() && !text.get().fromEnv();
      return Optional.of(new Resolved(Secret.of(value), plain));
    }
    try {
      return Optional.of(new Resolved(Secret.of(PasswordCodec.decode(value)), false));
    } catch (IllegalArgumentException notUtf8OrBase64) {
      byte[] bytes;
      try {
        bytes = PasswordCodec.decodeBytes(value);
      } catch (IllegalArgumentException notBase64) {
        s.error(name, notBase64.getMessage());
        return Optional.empty();
      }
      s.warn(name, "ENC() value does not decode to UTF-8 text; the password is probably wrong");
      return Optional.of(new Resolved(Secret.of(new String(bytes, StandardCharsets.UTF_8)), false));
    }
  }

  /** Reads a password file: UTF-8, trailing line breaks removed. */
  static Optional<Secret> readFile(Section s, String name, Path file) {
    try {
      String content = RegularFiles.read(file).replaceAll("[\\r\\n]+$", "");
      if (content.isEmpty()) {
        s.error(name, file + " is empty");
        return Optional.empty();
      }
      return Optional.of(Secret.of(content));
    } catch (RegularFiles.Unreadable e) {
      s.error(name, "cannot read " + file + ": " + e.getMessage());
      return Optional.empty();
    }
  }

  /** "cannot read /x: no such file", without the file's content. */
  static String cannotRead(Path file, IOException e) {
    return "cannot read " + file + ": " + RegularFiles.reason(e);
  }
}
