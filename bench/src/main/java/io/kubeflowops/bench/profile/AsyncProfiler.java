package io.kubeflowops.bench.profile;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * async-profiler in a running service JVM, through the JDK's own attach route ({@code jcmd <pid>
 * JVMTI.agent_load <lib> <options>}), so a service needs no agent flag at start. One recording
 * holds CPU and wall-clock samples, allocations and contended locks (JFR); {@code jfrconv} turns it
 * into one HTML flame graph per kind.
 */
final class AsyncProfiler {
  /** The flame graphs made from one recording: file suffix and jfrconv option. */
  static final List<String> KINDS = List.of("cpu", "wall", "alloc", "lock");

  private final Path library;
  private final Path jfrconv;
  private final Path jcmd;

  /** {@code bin}: the folder {@code tools/install.sh --path async-profiler} prints. */
  AsyncProfiler(Path bin) {
    this.library = bin.resolve("libasyncProfiler.so");
    this.jfrconv = bin.resolve("jfrconv");
    // The JDK the harness runs on is the one the services run on (ServiceProcess starts them so).
    this.jcmd =
        Path.of(ProcessHandle.current().info().command().orElse("java")).resolveSibling("jcmd");
    if (!Files.isRegularFile(library) || !Files.isExecutable(jfrconv)) {
      throw new IllegalStateException(
          "async-profiler is not installed in " + bin + " (tools/install.sh async-profiler)");
    }
  }

  /**
   * Starts a recording into {@code jfr} and returns the CPU event it uses. {@code cpu} is
   * perf_events; with kernel.perf_event_paranoid at 2 (no root) a process may still sample its own
   * user space, and the agent runs inside the service, so it normally works (without kernel
   * frames). Where perf_events are refused altogether, {@code itimer} (setitimer signals) stands
   * in: the CPU graph then shows Java and native frames only, never kernel ones.
   */
  String start(long pid, Path jfr) throws IOException, InterruptedException {
    IOException refused = null;
    for (String cpuEvent : List.of("cpu", "itimer")) {
      try {
        agent(pid, "start,event=" + cpuEvent + ",wall=10ms,alloc,lock,jfr,file=" + jfr);
        return cpuEvent;
      } catch (IOException e) {
        refused = e;
      }
    }
    throw refused;
  }

  /** Stops the recording; the agent finishes the .jfr file it was started with. */
  void stop(long pid) throws IOException, InterruptedException {
    agent(pid, "stop");
  }

  /** One HTML flame graph per kind from a recording: {@code <prefix>-<kind>.html}. */
  List<Path> flameGraphs(Path jfr, Path outDir, String prefix, String title)
      throws IOException, InterruptedException {
    if (!Files.isRegularFile(jfr) || Files.size(jfr) == 0) {
      throw new IOException(jfr + " was not written (see the service's log for the agent's words)");
    }
    List<Path> out = new ArrayList<>();
    for (String kind : KINDS) {
      Path html = outDir.resolve(prefix + "-" + kind + ".html");
      run(
          List.of(
              jfrconv.toString(),
              "--" + kind,
              "--title",
              title + " (" + kind + ")",
              jfr.toString(),
              html.toString()));
      out.add(html);
    }
    return out;
  }

  /** {@code jcmd <pid> VM.native_memory summary} (the JVM must run with NativeMemoryTracking). */
  String nativeMemorySummary(long pid) throws IOException, InterruptedException {
    return run(List.of(jcmd.toString(), Long.toString(pid), "VM.native_memory", "summary"));
  }

  /**
   * Loads the agent with these options. jcmd reads a bare {@code a=b} argument as a named option of
   * its own, so the agent's options travel quoted; the agent answers with a return code (0 = done)
   * and writes its messages to the service's own output (its log).
   */
  private void agent(long pid, String options) throws IOException, InterruptedException {
    String out =
        run(
            List.of(
                jcmd.toString(),
                Long.toString(pid),
                "JVMTI.agent_load",
                library.toString(),
                "\"" + options + "\""));
    if (!out.contains("return code: 0")) {
      throw new IOException(
          "async-profiler refused '" + options + "' in pid " + pid + ": " + out.trim());
    }
  }

  private static String run(List<String> command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException(String.join(" ", command) + ": no answer after 120 s");
    }
    String text = new String(out, StandardCharsets.UTF_8);
    if (p.exitValue() != 0) {
      throw new IOException(
          String.join(" ", command) + " exited with " + p.exitValue() + ": " + text.trim());
    }
    return text;
  }
}
