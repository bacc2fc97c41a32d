package io.kubeflowops.bench.chaos;

import io.kubeflowops.bench.load.Scenarios;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The checks of a chaos run, in report order, and the judging of all of them over the evidence into
 * one verdict; a check that cannot run fails it.
 */
final class Reconciliation {
  static final List<Check> CHECKS =
      List.of(
          new Check("orders", Reconciliation::ledger),
          new Check("delivery", DeliveryCheck::judge),
          new Check("outbox", Reconciliation::outbox),
          new Check("queues", Reconciliation::queues),
          new Check("counters", Reconciliation::counters));

  private Reconciliation() {}

  static Verdict judge(List<Check> checks, Evidence evidence) {
    Verdict verdict = new Verdict();
    for (Check check : checks) {
      try {
        check.judge().judge(evidence, verdict);
      } catch (Exception e) {
        verdict.mustBeZero("check `" + check.name() + "` could not run (must be 0)", 1);
        verdict.example(check.name() + ": " + e);
      }
    }
    return verdict;
  }

  /** No half-written order, none lost: every 201 is in the database. */
  static void ledger(Evidence e, Verdict v) {
    Set<UUID> accepted =
        e.accepted().stream().map(Scenarios.Accepted::orderId).collect(Collectors.toSet());
    long notCommitted = accepted.stream().filter(id -> !e.committed().containsKey(id)).count();
    long without201 = e.committed().keySet().stream().filter(id -> !accepted.contains(id)).count();
    v.count("orders accepted (201)", accepted.size());
    v.count("orders in the database", e.committed().size());
    v.mustBeZero("accepted but not in the database (must be 0)", notCommitted);
    v.count(
        "in the database without a 201 (committed, the client saw an error or timeout)",
        without201);
    accepted.stream()
        .filter(id -> !e.committed().containsKey(id))
        .limit(5)
        .forEach(id -> v.example("accepted, not in the database: order " + id));
  }

  /** Every order has exactly one outbox event, and every event was published. */
  static void outbox(Evidence e, Verdict v) {
    long notOne = e.committed().values().stream().filter(c -> c.outboxRows() != 1).count();
    long unsent =
        e.committed().values().stream()
            .filter(c -> c.outboxRows() > 0 && c.publishedAt() == null)
            .count();
    v.mustBeZero("outbox events never published (must be 0)", unsent);
    v.mustBeZero("orders without exactly one outbox event (must be 0)", notOne);
  }

  /** After the drain nothing waits in the queue and nothing was given up on (the DLQ). */
  static void queues(Evidence e, Verdict v) {
    // -1 (unreadable) fails too: a depth nobody could read proves nothing.
    v.mustBeZero(
        "messages left in order-events after the drain (must be 0; -1: unreadable)",
        Queues.total(e.queues().main()));
    v.mustBeZero(
        "messages in the DLQ (must be 0; -1: unreadable)", Queues.total(e.queues().deadLetters()));
  }

  /** notification-service's own counters, summed over its processes: a cross-check. */
  static void counters(Evidence e, Verdict v) {
    v.count(
        "`notifications_sent_total`, summed over the notification-service processes (a check:"
            + " increments just before the kill are missed)",
        Math.round(e.counters().total(Counters.SENT)));
    v.count(
        "`notifications_duplicate_total` (redeliveries de-duplicated), summed",
        Math.round(e.counters().total(Counters.DUPLICATE)));
  }
}
