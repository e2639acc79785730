package io.dbscope.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every path in a config (the config itself, password files, custom metrics files, the log file and
 * the event log) is checked when the config is loaded, without opening anything that could block (a
 * named pipe waits for a writer forever) and without creating anything: each problem is one line
 * naming file, key and reason, never a Java exception class.
 */
class FileValuedKeysTest {
  private static final String BASE =
      "[[datasource]]\nname = \"a\"\nengine = \"postgres\"\ndbHost = \"db1\"\n";
  private static final Duration NO_HANG = Duration.ofSeconds(20);
  private static final String NOT_REGULAR = "not a regular file (a named pipe, socket or device)";

  @TempDir Path dir;

  @Test
  void aNamedPipeAsPasswordFileIsRefusedWithoutOpeningIt() throws Exception {
    Path fifo = fifo("pg.pw");
    ConfigFiles files = new ConfigFiles(dir);
    Path f = files.write("c.toml", BASE + "dbPwdFile = \"pg.pw\"\n");

    List<String> problems = assertTimeoutPreemptively(NO_HANG, () -> files.problems(f));

    assertThat(problems)
        .containsExactly(
            f + ":5: datasource[a].dbPwdFile: cannot read " + fifo + ": " + NOT_REGULAR);
  }

  @Test
  void aDeviceAsPasswordFileIsRefused() {
    ConfigFiles files = new ConfigFiles(dir);
    Path f = files.write("c.toml", BASE + "dbPwdFile = \"/dev/null\"\n");

    assertThat(files.problems(f))
        .containsExactly(f + ":5: datasource[a].dbPwdFile: cannot read /dev/null: " + NOT_REGULAR);
  }

  @Test
  void aNamedPipeAsCustomMetricsFileIsRefused() throws Exception {
    Path fifo = fifo("custom.toml");
    ConfigFiles files = new ConfigFiles(dir);
    Path f = files.write("c.toml", BASE + "customMetricsFile = \"custom.toml\"\n");

    List<String> problems = assertTimeoutPreemptively(NO_HANG, () -> files.problems(f));

    assertThat(problems)
        .containsExactly(
            f + ":5: datasource[a].customMetricsFile: cannot read " + fifo + ": " + NOT_REGULAR);
  }

  @Test
  void aConfigPathThatIsADirectoryIsOneReadableProblem() throws IOException {
    Path d = Files.createDirectory(dir.resolve("dbscope.toml"));

    assertThat(new ConfigFiles(dir).problems(d))
        .containsExactly(d + ": (file): cannot read: it is a directory");
  }

  @Test
  void aConfigPathThatIsASymlinkLoopIsOneReadableProblem() throws IOException {
    Path a = dir.resolve("a.toml");
    Path b = dir.resolve("b.toml");
    Files.createSymbolicLink(a, b);
    Files.createSymbolicLink(b, a);

    assertThat(new ConfigFiles(dir).problems(a))
        .containsExactly(a + ": (file): cannot read: too many levels of symbolic links (a loop)");
  }

  @Test
  void aConfigPathThatIsANamedPipeIsRefusedWithoutOpeningIt() throws Exception {
    Path fifo = fifo("dbscope.yaml");

    List<String> problems =
        assertTimeoutPreemptively(NO_HANG, () -> new ConfigFiles(dir).problems(fifo));

    assertThat(problems).containsExactly(fifo + ": (file): cannot read: " + NOT_REGULAR);
  }

  @Test
  void aLogFileThatIsADirectoryOrUnderAFileIsRefused() throws IOException {
    Files.createDirectory(dir.resolve("logs"));
    Files.writeString(dir.resolve("plain"), "x");
    ConfigFiles files = new ConfigFiles(dir);

    Path isDir = files.write("d.toml", "logFile = \"logs\"\n" + BASE);
    Path underFile = files.write("u.toml", "logFile = \"plain/dbscope.log\"\n" + BASE);

    assertThat(files.problems(isDir))
        .containsExactly(
            isDir + ":1: logFile: cannot write " + dir.resolve("logs") + ": it is a directory");
    assertThat(files.problems(underFile))
        .containsExactly(
            underFile
                + ":1: logFile: cannot write "
                + dir.resolve("plain/dbscope.log")
                + ": "
                + dir.resolve("plain")
                + " is not a directory");
  }

  @Test
  void anEventLogThatCannotBeOpenedIsRefusedAtLoad() throws IOException {
    Files.createDirectory(dir.resolve("events"));
    ConfigFiles files = new ConfigFiles(dir);

    Path isDir = files.write("d.toml", "eventLog = \"events\"\n" + BASE);
    Path noParent = files.write("n.toml", "eventLog = \"missing/events.jsonl\"\n" + BASE);

    assertThat(files.problems(isDir))
        .containsExactly(
            isDir + ":1: eventLog: cannot write " + dir.resolve("events") + ": it is a directory");
    assertThat(files.problems(noParent))
        .containsExactly(
            noParent
                + ":1: eventLog: cannot write "
                + dir.resolve("missing/events.jsonl")
                + ": directory "
                + dir.resolve("missing")
                + " does not exist");
  }

  @Test
  void checkingLogFileAndEventLogCreatesNothing() {
    ConfigFiles files = new ConfigFiles(dir);
    LoadedConfig loaded =
        files.load("c.toml", "logFile = \"dbscope.log\"\neventLog = \"events.jsonl\"\n" + BASE);

    assertThat(loaded.config().global().eventLog())
        .as("a relative eventLog is relative to the config file, like every other path")
        .isEqualTo(dir.resolve("events.jsonl").toString());
    assertThat(dir.resolve("dbscope.log")).doesNotExist();
    assertThat(dir.resolve("events.jsonl")).doesNotExist();
  }

  @Test
  void stdoutAndOffAreNotPaths() {
    ConfigFiles files = new ConfigFiles(dir);

    assertThat(files.load("s.toml", "eventLog = \"stdout\"\n" + BASE).config().global().eventLog())
        .isEqualTo("stdout");
    assertThat(files.load("o.toml", "eventLog = \"off\"\n" + BASE).config().global().eventLog())
        .isEqualTo("off");
  }

  private Path fifo(String name) throws IOException, InterruptedException {
    Path p = dir.resolve(name);
    Process mk = new ProcessBuilder("mkfifo", p.toString()).inheritIO().start();
    assertThat(mk.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(mk.exitValue()).isZero();
    return p;
  }
}
