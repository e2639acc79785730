package io.dbscope.core.config;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Paths written in the config: resolved against the config file's directory (so that {@code dbscope
 * check --config /etc/dbscope/dbscope.toml} means the same from any working directory) and checked
 * to be readable when the config is loaded, not when they are first used.
 */
final class FileKeys {
  private final Path baseDir;

  FileKeys(Path baseDir) {
    this.baseDir = baseDir;
  }

  Path resolve(String written) {
    return baseDir.resolve(written.strip()).normalize();
  }

  /**
   * {@code customMetricsFile}: each entry a readable file, or a glob in the file name ({@code
   * custom/*.toml}) expanded in sorted order. A glob that matches nothing is a warning, not an
   * error, so that an empty drop-in directory is allowed.
   */
  List<Path> customMetrics(Section s, List<String> entries) {
    String key = "customMetricsFile";
    List<Path> out = new ArrayList<>();
    for (String entry : entries) {
      Path p = resolve(entry);
      String fileName = p.getFileName() == null ? "" : p.getFileName().toString();
      if (isGlob(p.getParent() == null ? "" : p.getParent().toString())) {
        s.error(key, "'" + entry + "': a glob may only be in the file name (custom/*.toml)");
      } else if (isGlob(fileName)) {
        List<Path> matches = glob(s, key, p.getParent(), fileName);
        if (matches.isEmpty() && Files.isDirectory(p.getParent())) {
          s.warn(key, "no file matches " + p);
        }
        out.addAll(matches);
      } else if (readable(s, key, p)) {
        out.add(p);
      }
    }
    return out;
  }

  private static boolean isGlob(String s) {
    return s.chars().anyMatch(c -> c == '*' || c == '?' || c == '[' || c == '{');
  }

  private static List<Path> glob(Section s, String key, Path dir, String pattern) {
    List<Path> matches = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, pattern)) {
      for (Path p : ds) {
        if (Files.isRegularFile(p)) {
          matches.add(p);
        }
      }
    } catch (IOException e) {
      s.error(key, Passwords.cannotRead(dir, e));
    }
    matches.sort(null);
    return matches;
  }

  private static boolean readable(Section s, String key, Path p) {
    Optional<String> problem = RegularFiles.unreadable(p);
    problem.ifPresent(why -> s.error(key, "cannot read " + p + ": " + why));
    return problem.isEmpty();
  }
}
