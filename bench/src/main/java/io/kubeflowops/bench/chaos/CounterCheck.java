package io.kubeflowops.bench.chaos;

/** notification-service's own counters, summed over its processes: a cross-check for the report. */
final class CounterCheck implements Check {
  @Override
  public String name() {
    return "counters";
  }

  @Override
  public void judge(Evidence e, Verdict v) {
    v.count(
        "`notifications_sent_total`, summed over the notification-service processes (a check:"
            + " increments just before the kill are missed)",
        Math.round(e.counters().total(Counters.SENT)));
    v.count(
        "`notifications_duplicate_total` (redeliveries de-duplicated), summed",
        Math.round(e.counters().total(Counters.DUPLICATE)));
  }
}
