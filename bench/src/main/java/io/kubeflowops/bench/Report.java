package io.kubeflowops.bench;

import io.kubeflowops.bench.capacity.CapacityReport;
import io.kubeflowops.bench.load.Scenarios;
import io.kubeflowops.bench.startup.AotReport;
import io.kubeflowops.bench.tuning.TuningReport;
import java.util.List;
import java.util.stream.Collectors;

/** Markdown for docs/benchmarks.md. */
public final class Report {
  public static final List<String> ROLES =
      List.of(
          "order-service",
          "user-service",
          "notification-service",
          "postgres",
          "redis",
          "elasticmq",
          "load-generator");

  private Report() {}

  public static String machine(Results.Machine m, String loadAtEnd) {
    return String.format(
        "Machine: %d CPUs (%s), %.1f GiB RAM, %s, kernel %s, JDK %s. Load average (1/5/15 min) at start"
            + " %s, at end %s.%n",
        m.cpus(),
        m.cpuModel(),
        m.memoryGib(),
        m.os(),
        m.kernel(),
        m.jdk(),
        m.loadAverageAtStart(),
        loadAtEnd);
  }

  static String bench(Results.Bench b, String title, String chartLink, String resultFile) {
    StringBuilder md = new StringBuilder();
    md.append("\n## ").append(title).append("\n\n");
    md.append(machine(b.machine(), b.loadAverageAtEnd()));
    md.append(
        String.format(
            "Services: `%s`, service defaults otherwise (JSON logs on, traces not sampled). Steps of %.0f s"
                + " at a constant arrival rate; a step passes when p99 ≤ %.0f ms with no errors. Raw"
                + " numbers: `%s`.%n%n",
            String.join(" ", b.serviceJvm()),
            b.stepSeconds(),
            Scenarios.P99_BUDGET_MS,
            resultFile));
    md.append("![p50 and p99 latency against offered rate](").append(chartLink).append(")\n\n");

    CapacityReport.append(md, b);

    md.append("\n### Memory (RSS, MiB)\n\n| process | idle | max under load |\n|---|---:|---:|\n");
    for (String role : ROLES) {
      md.append(
          String.format(
              "| %s | %.0f | %.0f |%n",
              role,
              b.rssIdleMib().getOrDefault(role, 0.0),
              b.rssLoadMib().getOrDefault(role, 0.0)));
    }

    AotReport.append(md, b);
    TuningReport.append(md, b);
    md.append(
        String.format(
            "%nReady time of the main instances at start-up (ms): %s.%n",
            b.readyMs().entrySet().stream()
                .map(e -> e.getKey() + " " + e.getValue())
                .collect(Collectors.joining(", "))));
    return md.toString();
  }

  public static String errors(Results.Step st) {
    return st.errors() == 0 ? "0" : st.errors() + " " + st.errorKinds();
  }
}
