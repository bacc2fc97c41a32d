package io.kubeflowops.bench.chaos;

/** After the drain nothing waits in the queue and nothing was given up on (the DLQ). */
final class QueueCheck implements Check {
  @Override
  public String name() {
    return "queues";
  }

  @Override
  public void judge(Evidence e, Verdict v) {
    // -1 (unreadable) fails too: a depth nobody could read proves nothing.
    v.mustBeZero(
        "messages left in order-events after the drain (must be 0; -1: unreadable)",
        Queues.total(e.queues().main()));
    v.mustBeZero(
        "messages in the DLQ (must be 0; -1: unreadable)", Queues.total(e.queues().deadLetters()));
  }
}
