package io.kubeflowops.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The machine a run happened on, from /proc and the JVM. */
public final class Machine {
  private Machine() {}

  public static Results.Machine describe() {
    return new Results.Machine(
        Runtime.getRuntime().availableProcessors(),
        firstValue("/proc/cpuinfo", "model name"),
        kib(firstValue("/proc/meminfo", "MemTotal")) / 1024.0 / 1024.0,
        System.getProperty("java.vm.vendor")
            + " "
            + System.getProperty("java.runtime.version")
            + " ("
            + System.getProperty("java.vm.name")
            + ")",
        osName(),
        System.getProperty("os.version"),
        loadAverage());
  }

  /** The 1, 5 and 15 minute load averages. */
  public static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return f[0] + " / " + f[1] + " / " + f[2];
    } catch (IOException e) {
      return "unknown";
    }
  }

  private static String osName() {
    try {
      for (String line : Files.readAllLines(Path.of("/etc/os-release"))) {
        if (line.startsWith("PRETTY_NAME=")) {
          return line.substring("PRETTY_NAME=".length()).replace("\"", "");
        }
      }
    } catch (IOException e) {
      // fall through
    }
    return System.getProperty("os.name");
  }

  private static String firstValue(String file, String key) {
    try {
      for (String line : Files.readAllLines(Path.of(file))) {
        if (line.startsWith(key)) {
          return line.substring(line.indexOf(':') + 1).trim();
        }
      }
    } catch (IOException e) {
      return "unknown";
    }
    return "unknown";
  }

  private static long kib(String value) {
    try {
      return Long.parseLong(value.replaceAll("\\D", ""));
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
