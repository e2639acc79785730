package io.dbscope.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The heap cap both launchers take under a memory limit ({@code scripts/heap-cap.sh}, installed as
 * {@code /usr/lib/dbscope/heap-cap.sh}), read from cgroup trees laid out as the kernel shows them:
 * the limit less 100 MB, at least half of it, nothing when 256 MB fits or nothing limits.
 */
class HeapCapTest {
  private static final Path SCRIPT = Tools.REPO.resolve("scripts/heap-cap.sh");
  private static final long MB = 1024 * 1024;

  private static String cap(Path fs, String procCgroup) throws Exception {
    Path proc = fs.resolveSibling("proc-self-cgroup");
    Files.writeString(proc, procCgroup);
    Tools.Result r =
        Tools.run(
            List.of("/bin/sh", SCRIPT.toString()),
            Map.of("DBSCOPE_CGROUP_FS", fs.toString(), "DBSCOPE_PROC_CGROUP", proc.toString()));
    assertThat(r.exitCode()).as(r.describe()).isZero();
    return r.output().strip();
  }

  private static void limit(Path dir, String file, String value) throws IOException {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve(file), value + "\n");
  }

  @Test
  void aSystemdServiceWithMemoryMaxOnCgroupV2(@TempDir Path dir) throws Exception {
    Path fs = dir.resolve("fs");
    Path service = fs.resolve("system.slice/dbscope.service");
    limit(service, "memory.max", Long.toString(256 * MB));
    limit(fs.resolve("system.slice"), "memory.max", "max");
    String self = "0::/system.slice/dbscope.service\n";
    assertThat(cap(fs, self)).isEqualTo("-Xmx156m");
    // A parent's limit counts when it is the smaller one.
    limit(fs.resolve("system.slice"), "memory.max", Long.toString(200 * MB));
    assertThat(cap(fs, self)).isEqualTo("-Xmx100m");
  }

  @Test
  void aContainerSeesItsLimitAtTheRoot(@TempDir Path dir) throws Exception {
    Path fs = dir.resolve("fs");
    limit(fs, "memory.max", Long.toString(128 * MB));
    assertThat(cap(fs, "0::/\n")).as("at least half the limit").isEqualTo("-Xmx64m");
    limit(fs, "memory.max", Long.toString(1024 * MB));
    assertThat(cap(fs, "0::/\n")).as("256 MB fits: the launcher's cap stays").isEmpty();
    limit(fs, "memory.max", "max");
    assertThat(cap(fs, "0::/\n")).isEmpty();
  }

  @Test
  void cgroupV1ReadsTheMemoryControllersLimit(@TempDir Path dir) throws Exception {
    Path fs = dir.resolve("fs");
    limit(fs.resolve("memory"), "memory.limit_in_bytes", "9223372036854771712");
    limit(fs.resolve("memory/docker/abc"), "memory.limit_in_bytes", Long.toString(300 * MB));
    String self = "12:cpu,cpuacct:/docker/abc\n4:memory:/docker/abc\n0::/\n";
    assertThat(cap(fs, self)).isEqualTo("-Xmx200m");
    limit(fs.resolve("memory/docker/abc"), "memory.limit_in_bytes", "9223372036854771712");
    assertThat(cap(fs, self)).as("v1's \"no limit\"").isEmpty();
  }

  @Test
  void nothingReadableMeansNoLimit(@TempDir Path dir) throws Exception {
    Path fs = dir.resolve("fs");
    assertThat(cap(fs, "0::/system.slice/dbscope.service\n")).isEmpty();
    limit(fs.resolve("system.slice/dbscope.service"), "memory.max", "garbage");
    assertThat(cap(fs, "0::/system.slice/dbscope.service\n")).isEmpty();
    assertThat(cap(fs, "")).isEmpty();
  }
}
