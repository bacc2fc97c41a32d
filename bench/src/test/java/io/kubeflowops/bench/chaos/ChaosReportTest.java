package io.kubeflowops.bench.chaos;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubeflowops.bench.Results;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The verdict counts every row the checks add: one must-be-0 row that is not 0 fails the run on its
 * own, so does a check that cannot run, and a run with no rows at all is no pass.
 */
class ChaosReportTest {
  private static Verdict clean() {
    Verdict v = new Verdict();
    v.count("orders accepted (201)", 100);
    v.mustBeZero("not sent (must be 0)", 0);
    v.mustBeZero("messages in the DLQ (must be 0; -1: unreadable)", 0);
    return v;
  }

  @Test
  void aCleanRunPasses() {
    assertTrue(clean().passed());
  }

  @Test
  void everyMustBeZeroRowFailsTheRunOnItsOwn() {
    Verdict notSent = clean();
    notSent.mustBeZero("sent more than once (must be 0)", 1);
    assertFalse(notSent.passed());
    Verdict unreadable = clean();
    unreadable.mustBeZero("messages left in order-events after the drain (must be 0)", -1);
    assertFalse(unreadable.passed(), "an unreadable count is no pass");
  }

  @Test
  void noRowsIsNoPass() {
    assertFalse(new Verdict().passed());
  }

  @Test
  void aCheckThatCannotRunFailsTheRun() {
    Check broken =
        new Check(
            "broken",
            (evidence, verdict) -> {
              verdict.count("a row before it broke", 3);
              throw new IllegalStateException("database gone");
            });
    Verdict v = Reconciliation.judge(List.of(broken), null);
    assertFalse(v.passed());
    assertTrue(v.examples().getFirst().contains("database gone"), v.examples().toString());
  }

  @Test
  void theReportShowsEveryRowAndTheVerdict() {
    Verdict v = clean();
    v.mustBeZero("sent more than once (must be 0)", 4);
    v.example("sent 2 times: order x");
    ChaosRun.Result result =
        new ChaosRun.Result(
            "2026-01-01T00:00:00Z",
            new Results.Machine(2, "cpu", 8, "jdk", "os", "kernel", "1 / 1 / 1"),
            "2 / 2 / 2",
            20,
            10,
            List.of(
                new ChaosRun.FaultResult("sqs", "outage", 1, 11, 200, 0, Map.of(), 1.0, 2.0, "")),
            v,
            List.of());
    String md = ChaosReport.markdown(result, "Chaos run X", "img/x.png", "bench/results/x.json");
    assertTrue(md.contains("| orders accepted (201) | 100 |"), md);
    assertTrue(md.contains("| sent more than once (must be 0) | **4** |"), md);
    assertTrue(md.contains("| sqs | outage | 200 | 0 | 1.0 s | 2.0 s |  |"), md);
    assertTrue(md.contains("- sent 2 times: order x"), md);
    assertTrue(md.contains("Verdict: **failed"), md);
  }
}
