package io.kubeflowops.bench.capacity;

import io.kubeflowops.bench.Report;
import io.kubeflowops.bench.Results;
import java.util.Map;
import java.util.stream.Collectors;

/** The capacity experiment's part of a benchmark section: throughput, steps, lag, CPU. */
public final class CapacityReport {
  private CapacityReport() {}

  public static void append(StringBuilder md, Results.Bench b) {
    md.append("### Throughput with p99 ≤ 50 ms\n\n");
    md.append("| scenario | sustained (req/s) | p50 ms | p95 ms | p99 ms | errors | next step |\n");
    md.append("|---|---:|---:|---:|---:|---:|---|\n");
    for (Results.Scenario s : b.scenarios()) {
      Results.Step best =
          s.steps().stream().filter(Results.Step::passed).reduce((a, c) -> c).orElse(null);
      md.append(
          best == null
              ? String.format("| %s | none | | | | | %s |%n", s.name(), s.stoppedBecause())
              : String.format(
                  "| %s | %.0f | %.1f | %.1f | %.1f | %d | %s |%n",
                  s.name(),
                  s.sustainedRps(),
                  best.p50Ms(),
                  best.p95Ms(),
                  best.p99Ms(),
                  best.errors(),
                  s.stoppedBecause()));
    }

    md.append("\n<details><summary>Every step</summary>\n\n");
    md.append(
        "| scenario | offered | achieved | p50 ms | p95 ms | p99 ms | max ms | errors | JIT settled"
            + " before |\n");
    md.append("|---|---:|---:|---:|---:|---:|---:|---|---|\n");
    for (Results.Scenario s : b.scenarios()) {
      for (Results.Step st : s.steps()) {
        md.append(
            String.format(
                "| %s | %.0f | %.1f | %.1f | %.1f | %.1f | %.1f | %s | %s |%n",
                s.name(),
                st.offeredRps(),
                st.achievedRps(),
                st.p50Ms(),
                st.p95Ms(),
                st.p99Ms(),
                st.maxMs(),
                Report.errors(st),
                st.jitSettled() == null ? "not waited" : st.jitSettled() ? "yes" : "**no**"));
      }
    }
    md.append("\n</details>\n\n");

    b.scenarios().stream()
        .filter(s -> s.name().equals("create-order"))
        .findFirst()
        .ifPresent(
            s -> {
              md.append("### Notification lag (order createdAt → notification sentAt)\n\n");
              md.append(
                  "Up to 200 orders per step, spread over the step, looked up with `GET /notifications?orderId`"
                      + " after the step drained.\n\n");
              md.append(
                  "Split at the moment the relay published the event (`orders.outbox.sent_at`): *relay* is"
                      + " createdAt → published (outbox poll interval and relay run), *delivery* is published →"
                      + " sentAt (SQS, consumer, Redis).\n\n");
              md.append(
                  "| offered req/s | lag p50 ms | lag p99 ms | lag max ms | relay p50 / p99 ms | delivery p50 / p99 ms | sampled | missing | duplicates |\n");
              md.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
              for (Results.Step st : s.steps()) {
                Results.Lag l = st.lag();
                md.append(
                    String.format(
                        "| %.0f | %.0f | %.0f | %.0f | %.0f / %.0f | %.0f / %.0f | %d | %d | %d |%n",
                        st.offeredRps(),
                        l.p50Ms(),
                        l.p99Ms(),
                        l.maxMs(),
                        l.relayP50Ms(),
                        l.relayP99Ms(),
                        l.deliveryP50Ms(),
                        l.deliveryP99Ms(),
                        l.sampled(),
                        l.missing(),
                        l.duplicates()));
              }
              md.append("\n### CPU seconds per 1,000 orders\n\n");
              md.append(
                  "utime + stime from `/proc/<pid>/stat` over the step and until every notification was counted"
                      + " (postgres: the postmaster and its backends; the load generator is this harness's JVM).\n\n");
              md.append(cpuHeader());
              for (Results.Step st : s.steps()) {
                md.append(
                    cpuRow(
                        String.format("%.0f req/s", st.offeredRps()),
                        st.cpuSecondsPer1000Orders()));
              }
            });
  }

  private static String cpuHeader() {
    return "| step | "
        + String.join(" | ", Report.ROLES)
        + " |\n|---|"
        + Report.ROLES.stream().map(r -> "---:").collect(Collectors.joining("|"))
        + "|\n";
  }

  private static String cpuRow(String label, Map<String, Double> cpu) {
    return "| "
        + label
        + " | "
        + Report.ROLES.stream()
            .map(r -> String.format("%.1f", cpu.getOrDefault(r, 0.0)))
            .collect(Collectors.joining(" | "))
        + " |\n";
  }
}
