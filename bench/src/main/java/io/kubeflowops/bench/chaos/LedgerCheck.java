package io.kubeflowops.bench.chaos;

import io.kubeflowops.bench.load.Scenarios;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/** No half-written order, none lost: every 201 is in the database. */
final class LedgerCheck implements Check {
  @Override
  public String name() {
    return "orders";
  }

  @Override
  public void judge(Evidence e, Verdict v) {
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
}
