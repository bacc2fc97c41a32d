package io.kubeflowops.bench.profile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A service's memory after a rate: what the JVM says it reserved and committed (Native Memory
 * Tracking, by area) and what the kernel says is resident ({@code /proc/<pid>/status}).
 */
record Memory(double rssMib, double hwmMib, String nmtSummary) {
  static Memory of(AsyncProfiler profiler, long pid) throws IOException, InterruptedException {
    String nmt = profiler.nativeMemorySummary(pid);
    double rss = -1;
    double hwm = -1;
    for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
      if (line.startsWith("VmRSS:")) {
        rss = kibToMib(line);
      } else if (line.startsWith("VmHWM:")) {
        hwm = kibToMib(line);
      }
    }
    return new Memory(rss, hwm, nmt);
  }

  private static double kibToMib(String statusLine) {
    return Math.round(Long.parseLong(statusLine.replaceAll("\\D", "")) / 102.4) / 10.0;
  }

  /** The file saved per service and rate: the kernel's figures first, then the NMT summary. */
  String report() {
    return String.format(
        "VmRSS: %.1f MiB (resident now)%nVmHWM: %.1f MiB (the most resident since the JVM started)"
            + "%n%n%s",
        rssMib, hwmMib, nmtSummary);
  }
}
