package io.kubeflowops.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Both local servers are durable, so the chaos verdict is exact: every "must be 0" row fails the
 * run on its own, including the ones that used to be excused (lost inside the SQS emulator, sent
 * twice across the Redis restart, no longer listed after it).
 */
class ChaosReportTest {
  private static final Chaos.Reconciliation CLEAN =
      new Chaos.Reconciliation(
          100, 100, 0, 0, 100, 2, 0, 0, 0, 0, 0, 0, 0, 60, 0, 480, 0, 100, 3, List.of());

  private static Chaos.Reconciliation with(UnaryOperator<int[]> change) {
    int[] v = {0, 0, 0, 0, 0, 0, 0, 0, 0};
    v = change.apply(v);
    return new Chaos.Reconciliation(
        100, 100, v[0], 0, 100, 2, v[1], v[2], v[3], v[4], v[5], v[6], v[7], 60, v[8], 480, 0, 100,
        3, List.of());
  }

  @Test
  void aCleanRunPasses() {
    assertTrue(CLEAN.exact());
  }

  @Test
  void everyMustBeZeroRowFailsTheRunOnItsOwn() {
    String[] rows = {
      "accepted not committed",
      "sent once, no longer listed",
      "sent more than once",
      "not sent",
      "listed more than once",
      "outbox unsent",
      "outbox rows not one",
      "in the DLQ",
      "SQS messages not restored"
    };
    for (int i = 0; i < rows.length; i++) {
      int row = i;
      assertFalse(with(v -> set(v, row, 1)).exact(), rows[i]);
    }
    Chaos.Reconciliation redisKeysLost =
        new Chaos.Reconciliation(
            100, 100, 0, 0, 100, 2, 0, 0, 0, 0, 0, 0, 0, 60, 0, 480, 12, 100, 3, List.of());
    assertFalse(redisKeysLost.exact(), "Redis keys not restored");
  }

  @Test
  void anUnreadableCountFailsAndOnlyMissingItemsCount() {
    assertEquals(-1, Chaos.notRestored(-1, 10));
    assertEquals(-1, Chaos.notRestored(10, -1));
    assertEquals(0, Chaos.notRestored(60, 75), "the relay adds to the restored queue");
    assertEquals(60, Chaos.notRestored(60, 0), "an emulator that restarted empty");
    assertFalse(with(v -> set(v, 8, Chaos.notRestored(-1, 10))).exact());
  }

  @Test
  void theReportShowsTheDurabilityRowsAndTheVerdict() {
    Chaos.Result result =
        new Chaos.Result(
            "2026-01-01T00:00:00Z",
            new Results.Machine(2, "cpu", 8, "jdk", "os", "kernel", "1 / 1 / 1"),
            "2 / 2 / 2",
            20,
            10,
            List.of(
                new Chaos.FaultResult(
                    "sqs (ElasticMQ)", "how", 1, 11, 200, 0, Map.of(), 1.0, 2.0, "held 60")),
            with(v -> set(v, 3, 4)),
            false,
            List.of());
    String md = ChaosReport.markdown(result, "Chaos run X", "img/x.png", "bench/results/x.json");
    assertTrue(
        md.contains(
            "| not sent, the SQS emulator's stop included (must be 0: its messages survive it) | 4 |"),
        md);
    assertTrue(md.contains("| messages the SQS emulator held at its stop | 60 |"), md);
    assertTrue(md.contains("| keys Redis held at its stop | 480 |"), md);
    assertFalse(md.contains("lost inside the emulator (published"), md);
    assertTrue(md.contains("Verdict: **failed"), md);
  }

  private static int[] set(int[] v, int i, int value) {
    v[i] = value;
    return v;
  }
}
