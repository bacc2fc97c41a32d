package io.kubeflowops.bench.profile;

import io.kubeflowops.bench.Proc;
import java.io.IOException;

/**
 * A service's memory after a rate: what the JVM says it reserved and committed (Native Memory
 * Tracking, by area) and what the kernel says is resident ({@code /proc/<pid>/status}).
 */
record Memory(double rssMib, double hwmMib, String nmtSummary) {
  static Memory of(AsyncProfiler profiler, long pid) throws IOException, InterruptedException {
    String nmt = profiler.nativeMemorySummary(pid);
    return new Memory(
        round1(Proc.statusMib(pid, "VmRSS")), round1(Proc.statusMib(pid, "VmHWM")), nmt);
  }

  private static double round1(double mib) {
    return Math.round(mib * 10) / 10.0;
  }

  /** The file saved per service and rate: the kernel's figures first, then the NMT summary. */
  String report() {
    return String.format(
        "VmRSS: %.1f MiB (resident now)%nVmHWM: %.1f MiB (the most resident since the JVM started)"
            + "%n%n%s",
        rssMib, hwmMib, nmtSummary);
  }
}
