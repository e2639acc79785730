package io.dbscope.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.dbscope.core.config.ConfigLoader;
import io.dbscope.core.config.DbscopeConfig.GlobalConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files named by a config or on the command line that cannot be used: {@code check} and {@code run}
 * end with exit code 2 and one readable line naming file, key and reason (never a Java exception
 * class, never a stack trace), and never hang on a named pipe. When a file breaks between {@code
 * check} and {@code run}, {@code run} still says why.
 */
class FileProblemsTest {
  private static final Duration NO_HANG = Duration.ofSeconds(30);
  private static final String DATASOURCE =
      "[[datasource]]\nname = \"r\"\nengine = \"redis\"\ndbHost = \"127.0.0.1:1\"\n";

  @TempDir Path dir;

  @Test
  void aNamedPipeAsPasswordFileEndsCheckAndRunAtOnce() throws Exception {
    mkfifo(dir.resolve("pw"));
    Path cfg =
        write("c.toml", "listenAddress = \"127.0.0.1:0\"\n" + DATASOURCE + "dbPwdFile = \"pw\"\n");

    for (String command : new String[] {"check", "run"}) {
      CommandLineTest.Result r =
          assertTimeoutPreemptively(
              NO_HANG, () -> CommandLineTest.run(command, "--config", cfg.toString()));
      assertThat(r.exit()).as(command).isEqualTo(2);
      assertThat(r.err())
          .contains("datasource[r].dbPwdFile: cannot read " + dir.resolve("pw"))
          .contains("not a regular file");
      readable(r);
    }
  }

  @Test
  void aNamedPipeAsWebConfigOrCertificateFileEndsCheckAtOnce() throws Exception {
    Path cfg = write("c.toml", DATASOURCE);
    Path webFifo = dir.resolve("web.yml");
    mkfifo(webFifo);
    mkfifo(dir.resolve("cert.pem"));
    Path tls =
        write("tls.yml", "tls_server_config:\n  cert_file: cert.pem\n  key_file: cert.pem\n");

    CommandLineTest.Result web =
        assertTimeoutPreemptively(
            NO_HANG,
            () ->
                CommandLineTest.run(
                    "check", "--config", cfg.toString(), "--web.config.file", webFifo.toString()));
    CommandLineTest.Result cert =
        assertTimeoutPreemptively(
            NO_HANG,
            () ->
                CommandLineTest.run(
                    "check", "--config", cfg.toString(), "--web.config.file", tls.toString()));

    assertThat(web.exit()).isEqualTo(2);
    assertThat(web.err()).contains("web config " + webFifo + ": cannot read: not a regular file");
    readable(web);
    assertThat(cert.exit()).isEqualTo(2);
    assertThat(cert.err())
        .contains("cert_file " + dir.resolve("cert.pem") + ": cannot read: not a regular file");
    readable(cert);
  }

  @Test
  void aConfigPathThatIsADirectoryOrASymlinkLoopIsReadable() throws Exception {
    Path d = Files.createDirectory(dir.resolve("conf.d.toml"));
    Path loop = dir.resolve("loop.toml");
    Files.createSymbolicLink(loop, dir.resolve("loop2.toml"));
    Files.createSymbolicLink(dir.resolve("loop2.toml"), loop);

    CommandLineTest.Result isDir = CommandLineTest.run("check", "--config", d.toString());
    CommandLineTest.Result isLoop = CommandLineTest.run("check", "--config", loop.toString());

    assertThat(isDir.exit()).isEqualTo(2);
    assertThat(isDir.err()).contains(d + ": (file): cannot read: it is a directory");
    readable(isDir);
    assertThat(isLoop.exit()).isEqualTo(2);
    assertThat(isLoop.err())
        .contains(loop + ": (file): cannot read: too many levels of symbolic links");
    readable(isLoop);
  }

  @Test
  void aLogFileThatIsADirectoryOrAnEventLogThatCannotBeOpenedFailsCheck() throws Exception {
    Files.createDirectory(dir.resolve("logs"));
    Path log = write("log.toml", "logFile = \"logs\"\n" + DATASOURCE);
    Path events = write("ev.toml", "eventLog = \"nowhere/events.jsonl\"\n" + DATASOURCE);

    CommandLineTest.Result badLog = CommandLineTest.run("check", "--config", log.toString());
    CommandLineTest.Result badEvents = CommandLineTest.run("check", "--config", events.toString());
    CommandLineTest.Result runEvents =
        assertTimeoutPreemptively(
            NO_HANG, () -> CommandLineTest.run("run", "--config", events.toString()));

    assertThat(badLog.exit()).isEqualTo(2);
    assertThat(badLog.err())
        .contains("logFile: cannot write " + dir.resolve("logs") + ": it is a directory");
    readable(badLog);
    for (CommandLineTest.Result r : new CommandLineTest.Result[] {badEvents, runEvents}) {
      assertThat(r.exit()).isEqualTo(2);
      assertThat(r.err())
          .contains(
              "eventLog: cannot write "
                  + dir.resolve("nowhere/events.jsonl")
                  + ": directory "
                  + dir.resolve("nowhere")
                  + " does not exist");
      readable(r);
    }
  }

  @Test
  void anEventLogThatBreaksAfterCheckGivesRunAReadableReason() {
    Path gone = dir.resolve("gone/events.jsonl");

    Throwable t = catchThrowable(() -> Engines.eventSink(gone.toString()));

    assertThat(t)
        .hasMessage(
            "cannot open eventLog "
                + gone
                + ": directory "
                + dir.resolve("gone")
                + " does not exist");
  }

  @Test
  void aLogFileThatBreaksAfterCheckGivesRunAReadableReasonAndKeepsTheConsole() throws Exception {
    Path cfg = write("c.toml", "logFile = \"dbscope.log\"\n" + DATASOURCE);
    Path console = write("console.toml", DATASOURCE);
    ConfigLoader loader = new ConfigLoader(Engines.catalog(), Map.of());
    GlobalConfig global = loader.load(cfg).config().global();
    Path logFile = global.logFile().orElseThrow();
    Files.createDirectory(logFile);
    try {
      Throwable t = catchThrowable(() -> LoggingSetup.apply(global));

      assertThat(t).hasMessage("cannot open logFile " + logFile + ": it is a directory");
    } finally {
      LoggingSetup.apply(loader.load(console).config().global());
    }
  }

  private static void readable(CommandLineTest.Result r) {
    assertThat(r.err()).doesNotContain("Exception").doesNotContain("\tat ");
  }

  private Path write(String name, String content) throws IOException {
    return Files.writeString(dir.resolve(name), content);
  }

  private static void mkfifo(Path p) throws Exception {
    Process mk = new ProcessBuilder("mkfifo", p.toString()).inheritIO().start();
    assertThat(mk.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(mk.exitValue()).isZero();
  }
}
