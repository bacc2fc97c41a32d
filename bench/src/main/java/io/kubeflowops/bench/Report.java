package io.kubeflowops.bench;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Markdown for docs/benchmarks.md. */
final class Report {
  static final List<String> ROLES =
      List.of(
          "order-service",
          "user-service",
          "notification-service",
          "postgres",
          "redis",
          "elasticmq",
          "load-generator");

  private Report() {}

  static String machine(Results.Machine m, String loadAtEnd) {
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
            String.join(" ", b.serviceJvm()), b.stepSeconds(), BenchRun.P99_BUDGET_MS, resultFile));
    md.append("![p50 and p99 latency against offered rate](").append(chartLink).append(")\n\n");

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
    md.append("| scenario | offered | achieved | p50 ms | p95 ms | p99 ms | max ms | errors |\n");
    md.append("|---|---:|---:|---:|---:|---:|---:|---|\n");
    for (Results.Scenario s : b.scenarios()) {
      for (Results.Step st : s.steps()) {
        md.append(
            String.format(
                "| %s | %.0f | %.1f | %.1f | %.1f | %.1f | %.1f | %s |%n",
                s.name(),
                st.offeredRps(),
                st.achievedRps(),
                st.p50Ms(),
                st.p95Ms(),
                st.p99Ms(),
                st.maxMs(),
                errors(st)));
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

    md.append("\n### Memory (RSS, MiB)\n\n| process | idle | max under load |\n|---|---:|---:|\n");
    for (String role : ROLES) {
      md.append(
          String.format(
              "| %s | %.0f | %.0f |%n",
              role,
              b.rssIdleMib().getOrDefault(role, 0.0),
              b.rssLoadMib().getOrDefault(role, 0.0)));
    }

    if (!b.aot().isEmpty()) {
      md.append(
          String.format(
              "%n### Ready time with a JDK 25 AOT cache%n%nProcess start → `/health/ready` 200, median of %d"
                  + " starts each, an extra instance next to the running system. *Image cache*: trained as"
                  + " `apps/Dockerfile` does it (`apps/aot-train.sh`: start-up and error paths, no database,"
                  + " Redis or SQS); this is the cache the images ship. *Full-run cache*: trained on a run with"
                  + " real traffic (start, ~20 rounds of the service's endpoints, SIGTERM), for comparison."
                  + " Both are used with `-XX:AOTCache`.%n%n",
              b.aot().getFirst().withoutCacheMs().size()));
      md.append(
          "| service | without (ms) | image cache (ms) | change | full-run cache (ms) | change | cache sizes"
              + " image / full | all starts without / image / full | note |\n");
      md.append("|---|---:|---:|---:|---:|---:|---:|---|---|\n");
      for (Results.Aot a : b.aot()) {
        md.append(
            String.format(
                "| %s | %d | %d | %s | %d | %s | %.0f / %.0f MiB | %s / %s / %s | %s |%n",
                a.service(),
                a.medianWithoutMs(),
                a.medianWithImageMs(),
                change(a.medianWithoutMs(), a.medianWithImageMs()),
                a.medianWithMs(),
                change(a.medianWithoutMs(), a.medianWithMs()),
                a.imageCacheBytes() / 1048576.0,
                a.cacheBytes() / 1048576.0,
                a.withoutCacheMs(),
                a.withImageCacheMs(),
                a.withCacheMs(),
                a.note().replace("|", "\\|")));
      }
    }

    if (!b.tuning().isEmpty()) {
      md.append(
          String.format(
              "%n### Tuning: create-order at %.0f req/s, one change at a time%n%n",
              b.tuning().getFirst().step().offeredRps()));
      md.append(
          "| variant | change | achieved | p50 ms | p99 ms | errors | lag p50 ms | lag p99 ms | relay p50 / p99 ms | CPU s/1k orders: order / notification / postgres |\n");
      md.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---|\n");
      for (Results.TuningRun t : b.tuning()) {
        Results.Step st = t.step();
        Map<String, Double> cpu = st.cpuSecondsPer1000Orders();
        md.append(
            String.format(
                "| %s | %s | %.1f | %.1f | %.1f | %s | %.0f | %.0f | %.0f / %.0f | %.1f / %.1f / %.1f |%n",
                t.name(),
                t.what(),
                st.achievedRps(),
                st.p50Ms(),
                st.p99Ms(),
                errors(st),
                st.lag().p50Ms(),
                st.lag().p99Ms(),
                st.lag().relayP50Ms(),
                st.lag().relayP99Ms(),
                cpu.getOrDefault("order-service", 0.0),
                cpu.getOrDefault("notification-service", 0.0),
                cpu.getOrDefault("postgres", 0.0)));
      }
    }
    md.append(
        String.format(
            "%nReady time of the main instances at start-up (ms): %s.%n",
            b.readyMs().entrySet().stream()
                .map(e -> e.getKey() + " " + e.getValue())
                .collect(Collectors.joining(", "))));
    return md.toString();
  }

  private static String cpuHeader() {
    return "| step | "
        + String.join(" | ", ROLES)
        + " |\n|---|"
        + ROLES.stream().map(r -> "---:").collect(Collectors.joining("|"))
        + "|\n";
  }

  private static String cpuRow(String label, Map<String, Double> cpu) {
    return "| "
        + label
        + " | "
        + ROLES.stream()
            .map(r -> String.format("%.1f", cpu.getOrDefault(r, 0.0)))
            .collect(Collectors.joining(" | "))
        + " |\n";
  }

  static String errors(Results.Step st) {
    return st.errors() == 0 ? "0" : st.errors() + " " + st.errorKinds();
  }

  private static String change(long withoutMs, long withMs) {
    return withMs == 0 || withoutMs == 0
        ? "n/a"
        : String.format("%+.0f%%", 100.0 * (withMs - withoutMs) / withoutMs);
  }
}
