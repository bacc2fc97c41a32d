package io.kubeflowops.bench;

/** Markdown for a chaos run. */
final class ChaosReport {
  private ChaosReport() {}

  static String markdown(Chaos.Result r, String title, String chartLink, String resultFile) {
    StringBuilder md = new StringBuilder();
    md.append("\n## ").append(title).append("\n\n");
    md.append(Report.machine(r.machine(), r.loadAverageAtEnd()));
    md.append(
        String.format(
            "Steady `POST /orders` at %.0f req/s (open loop, 5 s timeout) for the whole run; each fault lasts"
                + " %.0f s, then the next waits until p99 of a 1 s window is back under 50 ms with no error"
                + " (at most 60 s) plus 10 s. Raw numbers and the per-second timeline: `%s`.%n%n",
            r.rate(), r.downSeconds(), resultFile));
    md.append("![p99 and errors per second, outages shaded](").append(chartLink).append(")\n\n");
    md.append(
        "| fault | how | 201s in the window | errors | p99 ≤ 50 ms again after restart | notifications caught up after restart | observed |\n");
    md.append("|---|---|---:|---|---:|---:|---|\n");
    for (Chaos.FaultResult f : r.faults()) {
      md.append(
          String.format(
              "| %s | %s | %d | %s | %s | %s | %s |%n",
              f.fault(),
              f.action(),
              f.accepted(),
              f.errors() == 0 ? "0" : f.errors() + " " + f.errorKinds(),
              f.p99RecoveredAfterS() == null ? "not within 60 s" : f.p99RecoveredAfterS() + " s",
              f.notificationsCaughtUpAfterS() == null
                  ? "–"
                  : f.notificationsCaughtUpAfterS() + " s",
              f.observed()));
    }
    Chaos.Reconciliation c = r.reconciliation();
    md.append("\n### Reconciliation\n\n| check | count |\n|---|---:|\n");
    row(md, "orders accepted (201)", c.accepted());
    row(md, "orders in the database", c.committed());
    row(md, "accepted but not in the database (must be 0)", c.acceptedNotCommitted());
    row(
        md,
        "in the database without a 201 (committed, the client saw an error or timeout)",
        c.committedWithoutA201());
    row(
        md,
        "sent exactly once (notification-service's log, or the listing where the log line is missing)",
        c.sentOnce());
    row(
        md,
        "  of which recorded in Redis by the killed process before it could log it",
        c.sentOnceRecordedButNotLogged());
    row(
        md,
        "  of which no longer listed by GET /notifications (must be 0: Redis keeps them across its restart)",
        c.sentOnceNotListed());
    row(
        md,
        "sent more than once, the Redis restart included (must be 0: the de-dup keys survive it)",
        c.sentMoreThanOnce());
    row(md, "listed more than once by GET /notifications (must be 0)", c.listingShowsMoreThanOne());
    row(
        md,
        "not sent, the SQS emulator's stop included (must be 0: its messages survive it)",
        c.notSent());
    row(md, "outbox events never published (must be 0)", c.outboxUnsent());
    row(md, "orders without exactly one outbox event (must be 0)", c.outboxRowsNotOne());
    row(md, "messages in the DLQ (must be 0)", c.dlqDepth());
    row(md, "messages the SQS emulator held at its stop", c.sqsHeldAtStop());
    row(
        md,
        "  of which missing right after its restart (must be 0; -1: could not be read)",
        c.sqsMessagesNotRestored());
    md.append("| keys Redis held at its stop | ").append(c.redisKeysAtStop()).append(" |\n");
    row(
        md,
        "  of which missing right after its restart (must be 0; -1: could not be read)",
        c.redisKeysNotRestored());
    md.append(
        String.format(
            "| `notifications_sent_total`, summed over the notification-service processes (a check: increments just before each stop are missed) | %.0f |%n"
                + "| `notifications_duplicate_total` (redeliveries de-duplicated), summed | %.0f |%n",
            c.notificationsSentTotal(), c.notificationsDuplicateTotal()));
    if (!c.examples().isEmpty()) {
      md.append("\n<details><summary>Examples</summary>\n\n");
      c.examples().forEach(e -> md.append("- ").append(e).append('\n'));
      md.append("\n</details>\n");
    }
    md.append(
        String.format(
            "%nVerdict: **%s**.%n",
            r.passed() ? "passed" : "failed — see the rows marked “must be 0”"));
    return md.toString();
  }

  private static void row(StringBuilder md, String label, int n) {
    md.append("| ").append(label).append(" | ").append(n).append(" |\n");
  }
}
