package io.kubeflowops.bench.chaos;

import io.kubeflowops.bench.Report;

/** Markdown for a chaos run: the faults as the load saw them, then the reconciliation's rows. */
final class ChaosReport {
  private ChaosReport() {}

  static String markdown(ChaosRun.Result r, String title, String chartLink, String resultFile) {
    StringBuilder md = new StringBuilder();
    md.append("\n## ").append(title).append("\n\n");
    md.append(Report.machine(r.machine(), r.loadAverageAtEnd()));
    md.append(
        String.format(
            "Steady `POST /orders` at %.0f req/s (open loop, 5 s timeout) for the whole run; the"
                + " services reach PostgreSQL, Redis, SQS, SMTP and user-service through Toxiproxy. Each"
                + " network fault lasts %.0f s, then the next waits until p99 of a 1 s window is back"
                + " under 50 ms with no error (at most 60 s) plus 10 s. Raw numbers and the"
                + " per-second timeline: `%s`.%n%n",
            r.rate(), r.downSeconds(), resultFile));
    md.append("![p99 and errors per second, faults shaded](").append(chartLink).append(")\n\n");
    md.append(
        "| fault on | how | 201s in the window | errors | p99 ≤ 50 ms again after healing |"
            + " notifications caught up after healing | observed |\n");
    md.append("|---|---|---:|---|---:|---:|---|\n");
    for (ChaosRun.FaultResult f : r.faults()) {
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
    md.append("\n### Reconciliation\n\n| check | count |\n|---|---:|\n");
    for (Verdict.Row row : r.verdict().rows()) {
      md.append("| ")
          .append(row.label())
          .append(" | ")
          .append(row.failed() ? "**" + row.count() + "**" : row.count())
          .append(" |\n");
    }
    if (!r.verdict().examples().isEmpty()) {
      md.append("\n<details><summary>Examples</summary>\n\n");
      r.verdict().examples().forEach(e -> md.append("- ").append(e).append('\n'));
      md.append("\n</details>\n");
    }
    md.append(
        String.format(
            "%nVerdict: **%s**.%n",
            r.passed() ? "passed" : "failed — see the rows marked “must be 0”"));
    return md.toString();
  }
}
