package io.dbscope.core.config;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Locale;
import java.util.Optional;

/**
 * The files a config names (the config itself, password files, custom metrics files, TLS files, the
 * log file and the event log), checked before they are opened: opening a named pipe for reading
 * waits for a writer forever, and reading a device such as {@code /dev/zero} never ends, so
 * anything but a regular file is refused with a reason. Reasons are short and readable ({@code no
 * such file}, {@code it is a directory}), never a Java exception class and never the file's
 * content.
 *
 * <pre>{@code
 * try {
 *   String text = RegularFiles.read(path);
 * } catch (RegularFiles.Unreadable e) {
 *   problems.add("cannot read " + path + ": " + e.getMessage());
 * }
 * }</pre>
 */
public final class RegularFiles {
  static final String NOT_REGULAR = "not a regular file (a named pipe, socket or device)";

  private RegularFiles() {}

  /** A file that cannot be used; the message is the reason alone, without the path. */
  public static final class Unreadable extends Exception {
    private static final long serialVersionUID = 1L;

    Unreadable(String reason) {
      super(reason);
    }

    /**
     * The reason as a problem of a file named elsewhere: {@code no such file} and {@code not UTF-8
     * text} as they are, anything else after {@code cannot read:}.
     */
    public String problem() {
      String why = getMessage();
      return why.equals("no such file") || why.equals("not UTF-8 text")
          ? why
          : "cannot read: " + why;
    }
  }

  /**
   * Reads a UTF-8 text file, after checking that it is a readable regular file.
   *
   * @throws Unreadable with the reason it cannot be read
   */
  public static String read(Path file) throws Unreadable {
    Optional<String> problem = unreadable(file);
    if (problem.isPresent()) {
      throw new Unreadable(problem.get());
    }
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new Unreadable(reason(e));
    }
  }

  /** Why a file with these attributes is not a regular file, if it is not. */
  private static Optional<String> notRegular(BasicFileAttributes a) {
    if (a.isDirectory()) {
      return Optional.of("it is a directory");
    }
    return a.isRegularFile() ? Optional.empty() : Optional.of(NOT_REGULAR);
  }

  /** Why {@code file} cannot be read, found without opening it; empty when it can. */
  public static Optional<String> unreadable(Path file) {
    BasicFileAttributes a;
    try {
      a = Files.readAttributes(file, BasicFileAttributes.class);
    } catch (IOException e) {
      return Optional.of(reason(e));
    }
    Optional<String> kind = notRegular(a);
    if (kind.isPresent()) {
      return kind;
    }
    if (!Files.isReadable(file)) {
      return Optional.of("permission denied");
    }
    return Optional.empty();
  }

  /**
   * Why {@code file} cannot be opened for appending (created if missing), found without opening or
   * creating anything; empty when it can.
   */
  public static Optional<String> unwritable(Path file) {
    Path abs = file.toAbsolutePath().normalize();
    if (Files.exists(abs) || Files.isSymbolicLink(abs)) {
      BasicFileAttributes a;
      try {
        a = Files.readAttributes(abs, BasicFileAttributes.class);
      } catch (IOException e) {
        return Optional.of(reason(e));
      }
      Optional<String> kind = notRegular(a);
      if (kind.isPresent()) {
        return kind;
      }
      return Files.isWritable(abs) ? Optional.empty() : Optional.of("permission denied");
    }
    Path dir = abs.getParent();
    if (dir == null || !Files.exists(dir)) {
      return Optional.of("directory " + dir + " does not exist");
    }
    if (!Files.isDirectory(dir)) {
      return Optional.of(dir + " is not a directory");
    }
    if (!Files.isWritable(dir)) {
      return Optional.of("cannot create it: permission denied in " + dir);
    }
    return Optional.empty();
  }

  /** A readable reason for an I/O failure: no exception class, no path (the caller names it). */
  public static String reason(IOException e) {
    if (e instanceof NoSuchFileException) {
      return "no such file";
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof CharacterCodingException) {
      return "not UTF-8 text";
    }
    String why =
        e instanceof FileSystemException f && f.getReason() != null
            ? f.getReason()
            : e.getMessage();
    if (why == null || why.isBlank()) {
      return "input/output error";
    }
    String lower = why.toLowerCase(Locale.ROOT);
    if (lower.contains("symbolic link")) {
      return "too many levels of symbolic links (a loop)";
    }
    if (lower.contains("is a directory")) {
      return "it is a directory";
    }
    if (lower.contains("not a directory")) {
      return "a part of the path is not a directory";
    }
    return lower;
  }
}
