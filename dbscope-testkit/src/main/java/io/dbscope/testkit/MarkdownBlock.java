package io.dbscope.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The fenced code block that follows a marker (an HTML comment such as {@code <!-- least-privilege:
 * postgres -->}) in a Markdown page, so that a test runs exactly what the page tells operators to
 * run, and the page cannot drift from what is tested.
 */
public final class MarkdownBlock {
  private MarkdownBlock() {}

  /**
   * The lines between the first fence after {@code marker} and the next fence.
   *
   * @throws AssertionError when the page does not contain {@code marker}
   */
  public static String after(Path page, String marker) throws IOException {
    String doc = Files.readString(page);
    int at = doc.indexOf(marker);
    if (at < 0) {
      throw new AssertionError("no " + marker + " in " + page);
    }
    int open = doc.indexOf("```", at);
    int body = doc.indexOf('\n', open) + 1;
    return doc.substring(body, doc.indexOf("```", body));
  }

  /** The statements of that block: split at {@code ;}, stripped, empty ones dropped. */
  public static List<String> statementsAfter(Path page, String marker) throws IOException {
    return Arrays.stream(after(page, marker).split(";"))
        .map(String::strip)
        .filter(s -> !s.isEmpty())
        .toList();
  }
}
