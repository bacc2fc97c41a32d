package io.kubeflowops.devstack;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A pinned tool (tools/versions.env, built by tools/install.sh) run as a local server process: its
 * output goes to a log file, {@link #start} returns once a probe says it serves, {@link #stop} is a
 * SIGTERM.
 */
final class ToolProcess {
  /** Whether the server answers yet; an exception counts as "not yet". */
  interface Probe {
    boolean ready() throws Exception;
  }

  private final String tool;
  private final String binary;
  private final String overrideEnv;
  private final Path log;
  private Process process;

  /** {@code binary} found through {@code overrideEnv} or PATH; {@code tool} names its recipe. */
  ToolProcess(String tool, String binary, String overrideEnv, Path log) {
    this.tool = tool;
    this.binary = binary;
    this.overrideEnv = overrideEnv;
    this.log = log;
  }

  synchronized void start(List<String> args, Map<String, String> env, Probe probe, Duration timeout)
      throws IOException {
    if (process != null && process.isAlive()) {
      return;
    }
    Files.createDirectories(log.getParent());
    List<String> cmd = new ArrayList<>();
    cmd.add(find());
    cmd.addAll(args);
    ProcessBuilder pb =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    pb.environment().putAll(env);
    process = pb.start();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IOException(binary + " exited at start; see " + log);
      }
      try {
        if (probe.ready()) {
          return;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while starting " + binary, e);
      } catch (Exception notYet) {
        // not serving yet
      }
      sleep(100);
    }
    throw new IOException(binary + " not serving after " + timeout.toSeconds() + " s; see " + log);
  }

  /** The path named by the override variable, else the binary on PATH, else how to install it. */
  private String find() throws IOException {
    String named = System.getenv(overrideEnv);
    if (named != null && !named.isBlank()) {
      return named;
    }
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path candidate = Path.of(dir, binary);
      if (Files.isExecutable(candidate)) {
        return candidate.toString();
      }
    }
    throw new IOException(
        binary
            + " is not on PATH: `tools/install.sh "
            + tool
            + "` builds it (make targets that need it install it and put it on PATH), or set "
            + overrideEnv
            + " to its path");
  }

  synchronized void stop() {
    if (process != null && process.isAlive()) {
      process.destroy();
      try {
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    process = null;
  }

  long pid() {
    return process.pid();
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
