package io.dbscope.server.cli;

import io.dbscope.core.config.PasswordCodec;
import java.io.BufferedReader;
import java.io.Console;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code dbscope encode-password}: prints the {@code ENC(…)} form of a password for {@code dbPwd}
 * or {@code basicAuthPassword}. Reads the password from the terminal (not echoed) or standard
 * input, so that it does not land in the shell history. ENC() is obfuscation, not encryption.
 */
@Command(
    name = "encode-password",
    mixinStandardHelpOptions = true,
    description = {
      "Print the ENC(...) form of a password (read from the terminal or standard input).",
      "ENC() is base64 obfuscation, not encryption: protect the config file like the password itself."
    })
public final class EncodePasswordCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(
      arity = "0..1",
      description = "The password (discouraged: it stays in the shell history).")
  String password;

  @Override
  public Integer call() throws Exception {
    String pw = password;
    if (pw == null) {
      Console console = System.console();
      if (console != null) {
        char[] chars = console.readPassword("Password: ");
        pw = chars == null ? "" : new String(chars);
      } else {
        pw =
            new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
      }
    }
    if (pw == null || pw.isEmpty()) {
      spec.commandLine().getErr().println("dbscope: no password given");
      return 1;
    }
    spec.commandLine().getOut().println(PasswordCodec.encode(pw));
    spec.commandLine().getOut().flush();
    return 0;
  }
}
