package io.kubeflowops.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.stream.Stream;

/** Linux /proc readings: CPU time and resident memory of a process or a process tree. */
public final class Proc {
  /** USER_HZ; 100 on every mainstream Linux build (getconf CLK_TCK). */
  static final double TICKS_PER_SECOND = 100.0;

  private Proc() {}

  /**
   * CPU seconds of a process and of its children it has reaped: utime + stime + cutime + cstime.
   * Summed over a live tree this counts every process once, including short-lived ones (a database
   * backend that exited is in its parent's cutime).
   */
  public static double cpuSeconds(long pid) {
    try {
      String[] f = statFields(Path.of("/proc", Long.toString(pid)));
      return (Long.parseLong(f[11])
              + Long.parseLong(f[12])
              + Long.parseLong(f[13])
              + Long.parseLong(f[14]))
          / TICKS_PER_SECOND;
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  /**
   * The fields of a process's or thread's {@code stat} after the command name (which is in
   * parentheses and may contain spaces): f[0] is field 3 (state), so utime (field 14) is f[11],
   * stime f[12], cutime f[13], cstime f[14].
   */
  private static String[] statFields(Path procDir) throws IOException {
    String stat = Files.readString(procDir.resolve("stat"));
    return stat.substring(stat.lastIndexOf(')') + 2).split(" ");
  }

  /**
   * CPU seconds of each live JIT compiler thread of a HotSpot JVM, by thread id (the threads named
   * "C1 CompilerThread…" and "C2 CompilerThread…"; the kernel keeps 15 characters of a name). By
   * thread, because HotSpot starts and stops compiler threads as its queue grows and shrinks.
   */
  public static Map<Long, Double> compilerCpuSeconds(long pid) {
    Map<Long, Double> threads = new HashMap<>();
    Path tasks = Path.of("/proc", Long.toString(pid), "task");
    try (Stream<Path> list = Files.list(tasks)) {
      for (Path task : list.toList()) {
        try {
          String comm = Files.readString(task.resolve("comm")).trim();
          if (comm.startsWith("C1 CompilerThre") || comm.startsWith("C2 CompilerThre")) {
            String[] f = statFields(task);
            threads.put(
                Long.parseLong(task.getFileName().toString()),
                (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS_PER_SECOND);
          }
        } catch (IOException | RuntimeException e) {
          // the thread ended between the listing and the read
        }
      }
    } catch (IOException e) {
      return Map.of();
    }
    return threads;
  }

  /** CPU seconds of a process and all its live descendants. */
  static double treeCpuSeconds(long pid) {
    double sum = cpuSeconds(pid);
    var handle = ProcessHandle.of(pid);
    if (handle.isPresent()) {
      sum += handle.get().descendants().mapToDouble(h -> cpuSeconds(h.pid())).sum();
    }
    return sum;
  }

  /** Resident set size in MiB, -1 if the process is gone. */
  static double rssMib(long pid) {
    return statusMib(pid, "VmRSS");
  }

  /** A size field of {@code /proc/<pid>/status} (VmRSS, VmHWM, ...) in MiB, -1 if not there. */
  public static double statusMib(long pid, String field) {
    return kibLineMib(pid, "status", field + ":", -1);
  }

  /** The kB figure of the first line of a /proc file starting so, in MiB; or {@code otherwise}. */
  private static double kibLineMib(long pid, String file, String start, double otherwise) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), file))) {
        if (line.startsWith(start)) {
          return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
        }
      }
    } catch (IOException | RuntimeException e) {
      return otherwise;
    }
    return otherwise;
  }

  /**
   * Memory of a process tree as the sum of PSS (proportional set size): a database server's shared
   * buffers are mapped by every backend, so summing RSS would count them once per process.
   */
  static double treePssMib(long pid) {
    double sum = pssMib(pid);
    var handle = ProcessHandle.of(pid);
    if (handle.isPresent()) {
      sum += handle.get().descendants().mapToDouble(h -> pssMib(h.pid())).sum();
    }
    return sum;
  }

  private static double pssMib(long pid) {
    return kibLineMib(pid, "smaps_rollup", "Pss:", 0);
  }

  /** The postmaster of the PostgreSQL server with this data directory (postmaster.pid). */
  static OptionalLong postmaster(Path dataDir) {
    try {
      return OptionalLong.of(
          Long.parseLong(Files.readAllLines(dataDir.resolve("postmaster.pid")).get(0).trim()));
    } catch (IOException | RuntimeException e) {
      return OptionalLong.empty();
    }
  }

  /** The redis-server child of this JVM that listens on this port. */
  static OptionalLong redisServer(int port) {
    String p = Integer.toString(port);
    return ProcessHandle.current()
        .descendants()
        .filter(
            h -> {
              String cmd = cmdline(h.pid());
              return cmd.contains("redis-server") && cmd.contains(p);
            })
        .mapToLong(ProcessHandle::pid)
        .findFirst();
  }

  private static String cmdline(long pid) {
    try {
      byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"));
      return new String(raw, StandardCharsets.UTF_8).replace('\0', ' ').trim();
    } catch (IOException e) {
      return "";
    }
  }
}
