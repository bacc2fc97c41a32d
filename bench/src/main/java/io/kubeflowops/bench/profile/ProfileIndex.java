package io.kubeflowops.bench.profile;

import io.kubeflowops.bench.Machine;
import io.kubeflowops.bench.Output;
import io.kubeflowops.bench.Report;
import io.kubeflowops.bench.Results;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

/** The index.md of a profile folder: how the run was made, its load figures, its files. */
final class ProfileIndex {
  private ProfileIndex() {}

  static String markdown(
      Instant started,
      Results.Machine machine,
      ProfileRun.Options options,
      List<String> jvm,
      List<ProfileRun.Period> periods,
      Path dir) {
    StringBuilder md = new StringBuilder();
    md.append("# Profiles of create-order, ").append(Output.title(started)).append("\n\n");
    md.append(Report.machine(machine, Machine.loadAverage())).append('\n');
    md.append(
        String.format(
            "`make profile`: open-loop POST /orders at each rate, %d s warm-up at that rate (not"
                + " recorded), then %d s recorded by async-profiler in each service JVM (the load,"
                + " then the drain of its notifications). Service JVM flags: `%s`.%n%n",
            options.warmup().toSeconds(), options.period().toSeconds(), String.join(" ", jvm)));

    md.append("## Load during the recorded periods\n\n");
    md.append(
        "| offered req/s | achieved req/s | ok | p50 ms | p95 ms | p99 ms | errors |"
            + " notification lag p50 / p99 ms | CPU event |\n");
    md.append("|---:|---:|---:|---:|---:|---:|---|---|---|\n");
    for (ProfileRun.Period p : periods) {
      Results.Step s = p.load();
      md.append(
          String.format(
              "| %.0f | %.1f | %d | %.1f | %.1f | %.1f | %s | %s | %s |%n",
              p.rate(),
              s.achievedRps(),
              s.ok(),
              s.p50Ms(),
              s.p95Ms(),
              s.p99Ms(),
              s.errors() == 0 ? "0" : s.errors() + " " + s.errorKinds(),
              s.lag() == null
                  ? "-"
                  : String.format("%.0f / %.0f", s.lag().p50Ms(), s.lag().p99Ms()),
              p.cpuEvents().values().stream().distinct().collect(Collectors.joining(", "))));
    }

    md.append("\n## Files\n\n");
    md.append(
        "Flame graphs (open in a browser): `cpu` on-CPU samples, `wall` threads sampled every 10 ms"
            + " whether running or waiting, `alloc` heap allocation by bytes, `lock` contended"
            + " monitors and locks by time waited. `nmt` is `jcmd VM.native_memory summary` after the"
            + " rate, with VmRSS and VmHWM (high-water mark since start) above it.\n\n");
    md.append("| service | req/s | flame graphs | memory | RSS MiB | high-water MiB |\n");
    md.append("|---|---:|---|---|---:|---:|\n");
    for (ProfileRun.Period p : periods) {
      for (var e : p.files().entrySet()) {
        List<Path> files = e.getValue();
        Memory m = p.memory().get(e.getKey());
        String graphs =
            files.stream()
                .filter(f -> f.toString().endsWith(".html"))
                .map(f -> link(dir, f))
                .collect(Collectors.joining(" · "));
        md.append(
            String.format(
                "| %s | %.0f | %s | %s | %.1f | %.1f |%n",
                e.getKey(), p.rate(), graphs, link(dir, files.getLast()), m.rssMib(), m.hwmMib()));
      }
    }
    return md.toString();
  }

  /** {@code [cpu](order-service-100rps-cpu.html)}: the kind as the text, the file as the target. */
  private static String link(Path dir, Path file) {
    String name = dir.relativize(file).toString();
    String kind = name.substring(name.lastIndexOf('-') + 1, name.lastIndexOf('.'));
    return "[" + kind + "](" + name + ")";
  }
}
