package io.dbscope.server.security;

import io.dbscope.core.config.RegularFiles;
import io.dbscope.core.config.Secret;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;
import java.util.Optional;

/**
 * Where one PEM text comes from: a file named in the web config ({@code cert_file}, {@code
 * key_file}, {@code client_ca_file}), which is re-read when it changes, or the text itself written
 * inline ({@code cert}, {@code key}, {@code client_ca}). Its {@link #toString()} never shows inline
 * text, which may be a private key.
 *
 * @param key the web config key, for messages
 */
public record PemSource(String key, Optional<Path> file, Optional<Secret> inline) {
  public PemSource {
    Objects.requireNonNull(key);
    if (file.isPresent() == inline.isPresent()) {
      throw new IllegalArgumentException(key + ": exactly one of file and inline text");
    }
  }

  static PemSource ofFile(String key, Path file) {
    return new PemSource(key, Optional.of(file), Optional.empty());
  }

  static PemSource inline(String key, String text) {
    return new PemSource(key, Optional.empty(), Optional.of(Secret.of(text)));
  }

  /**
   * The PEM text; a file that cannot be read is a {@link WebConfigException} naming key and file.
   */
  String read() throws WebConfigException {
    if (inline.isPresent()) {
      return inline.get().reveal();
    }
    try {
      return RegularFiles.read(file.get());
    } catch (RegularFiles.Unreadable e) {
      throw new WebConfigException(this + ": cannot read: " + e.getMessage());
    }
  }

  /**
   * What changes when the file is replaced: modification time, size and file identity (a rename
   * over the old file, as cert-manager and certbot do, changes the identity). Inline text never
   * changes. A file that cannot be read gives a stamp of its own, so that its return is seen.
   */
  Object stamp() {
    if (file.isEmpty()) {
      return "inline";
    }
    try {
      BasicFileAttributes a = Files.readAttributes(file.get(), BasicFileAttributes.class);
      return a.lastModifiedTime() + "|" + a.size() + "|" + a.fileKey();
    } catch (IOException e) {
      return "unreadable: " + e.getMessage();
    }
  }

  @Override
  public String toString() {
    return file.map(f -> key + " " + f).orElse(key + " (inline)");
  }
}
