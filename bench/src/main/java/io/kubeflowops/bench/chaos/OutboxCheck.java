package io.kubeflowops.bench.chaos;

/** Every order has exactly one outbox event, and every event was published. */
final class OutboxCheck implements Check {
  @Override
  public String name() {
    return "outbox";
  }

  @Override
  public void judge(Evidence e, Verdict v) {
    long notOne = e.committed().values().stream().filter(c -> c.outboxRows() != 1).count();
    long unsent =
        e.committed().values().stream()
            .filter(c -> c.outboxRows() > 0 && c.publishedAt() == null)
            .count();
    v.mustBeZero("outbox events never published (must be 0)", unsent);
    v.mustBeZero("orders without exactly one outbox event (must be 0)", notOne);
  }
}
