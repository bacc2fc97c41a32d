package io.kubeflowops.bench.peer;

import io.kubeflowops.bench.Output;
import io.kubeflowops.bench.Platform;
import io.kubeflowops.bench.Report;
import io.kubeflowops.bench.Results;
import io.kubeflowops.bench.Tuning;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The side-by-side as a markdown section that can be pasted into docs/benchmarks.md. */
final class PeerTable {
  private PeerTable() {}

  static String markdown(
      List<PeerRun.Row> rows,
      PeerRun.Options options,
      Results.Machine machine,
      String loadAtEnd,
      Instant started,
      String peerQueue) {
    StringBuilder md = new StringBuilder();
    md.append("### Peer side by side, ").append(Output.title(started)).append("\n\n");
    md.append(Report.machine(machine, loadAtEnd));
    md.append(
        String.format(
            "Ours: `POST /orders` with a bearer token (user check over REST, order and outbox row in one"
                + " transaction, relay, consumer, Redis de-dup, mail). Peer: retail-store-sample-app orders"
                + " 1.6.2, `POST /orders` (insert, then a synchronous SQS send). Both `%s` on the same JDK,"
                + " PostgreSQL and ElasticMQ. After a warm-up of %d s at %.0f req/s each, one step of %d s"
                + " per side and rate, **one side after the other, never both at once; who goes first"
                + " alternates by rate** (column *first*). Latency in ms from each request's due time;"
                + " errors: unexpected status, refused connection or a 5 s timeout. CPU: seconds per 1,000"
                + " accepted orders, of the service processes (ours: order + user + notification) and of"
                + " the shared servers (PostgreSQL with its backends, Redis, ElasticMQ) during that side's"
                + " step; ours over its step and the drain of its notifications.%n%n",
            String.join(" ", Tuning.BASELINE_JVM),
            options.warmup().toSeconds(),
            options.warmupRate(),
            options.step().toSeconds()));
    md.append(
        "| rate (req/s) | first | ours p50 | ours p99 | ours errors | peer p50 | peer p99 | peer errors"
            + " | ours CPU/1k (order+user+notif) | peer CPU/1k | ours servers CPU/1k | peer servers CPU/1k"
            + " |\n");
    md.append("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    Map<String, Long> oursErrors = new TreeMap<>();
    Map<String, Long> peerErrors = new TreeMap<>();
    for (PeerRun.Row r : rows) {
      Results.Step o = r.ours().load();
      Results.Step p = r.peer().load();
      Map<String, Double> cpu = r.ours().serviceCpu();
      md.append(
          String.format(
              "| %.0f | %s | %.1f | %.1f | %d | %.1f | %.1f | %d | %.2f (%.2f+%.2f+%.2f) | %.2f | %.2f"
                  + " | %.2f |%n",
              r.rate(),
              r.oursFirst() ? "ours" : "peer",
              o.p50Ms(),
              o.p99Ms(),
              o.errors(),
              p.p50Ms(),
              p.p99Ms(),
              p.errors(),
              r.ours().servicesCpu(),
              cpu.get(Platform.ORDERS),
              cpu.get(Platform.USERS),
              cpu.get(Platform.NOTIFICATIONS),
              r.peer().servicesCpu(),
              r.ours().serversCpu(),
              r.peer().serversCpu()));
      o.errorKinds().forEach((k, v) -> oursErrors.merge(k, v, Long::sum));
      p.errorKinds().forEach((k, v) -> peerErrors.merge(k, v, Long::sum));
    }
    md.append("\nPeer: ")
        .append(peerQueue)
        .append(" (warm-up included; sent with a 10 s delay, never consumed).\n");
    if (!oursErrors.isEmpty() || !peerErrors.isEmpty()) {
      md.append("\nErrors by kind: ours ")
          .append(oursErrors)
          .append(", peer ")
          .append(peerErrors)
          .append(".\n");
    }
    return md.toString();
  }
}
