package io.kubeflowops.bench.tuning;

import io.kubeflowops.bench.Report;
import io.kubeflowops.bench.Results;
import java.util.Map;

/** The tuning experiment's part of a benchmark section: one change at a time at one rate. */
public final class TuningReport {
  private TuningReport() {}

  public static void append(StringBuilder md, Results.Bench b) {
    if (!b.tuning().isEmpty()) {
      md.append(
          String.format(
              "%n### Tuning: create-order at %.0f req/s, one change at a time%n%n",
              b.tuning().getFirst().step().offeredRps()));
      md.append(
          "| variant | change | achieved | p50 ms | p99 ms | errors | lag p50 ms | lag p99 ms | relay p50 / p99 ms | CPU s/1k orders: order / notification / postgres | all processes |\n");
      md.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---|---:|\n");
      for (Results.TuningRun t : b.tuning()) {
        Results.Step st = t.step();
        Map<String, Double> cpu = st.cpuSecondsPer1000Orders();
        md.append(
            String.format(
                "| %s | %s | %.1f | %.1f | %.1f | %s | %.0f | %.0f | %.0f / %.0f | %.1f / %.1f / %.1f | %.1f |%n",
                t.name(),
                t.what(),
                st.achievedRps(),
                st.p50Ms(),
                st.p99Ms(),
                Report.errors(st),
                st.lag().p50Ms(),
                st.lag().p99Ms(),
                st.lag().relayP50Ms(),
                st.lag().relayP99Ms(),
                cpu.getOrDefault("order-service", 0.0),
                cpu.getOrDefault("notification-service", 0.0),
                cpu.getOrDefault("postgres", 0.0),
                cpu.values().stream().mapToDouble(Double::doubleValue).sum()));
      }
    }
  }
}
