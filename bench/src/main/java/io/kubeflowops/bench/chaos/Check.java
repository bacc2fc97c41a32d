package io.kubeflowops.bench.chaos;

/**
 * One part of the reconciliation that judges a chaos run once the load stopped and everything
 * drained: it reads the evidence and adds its rows to the verdict. To add a check: a small class
 * implementing this, and one line in {@link ChaosRun#checks}. A check that throws fails the run.
 * Where a check sorts items into outcomes, every item must land in a row: an outcome it has no row
 * for is a must-be-0 row of its own, never a silent pass.
 */
public interface Check {
  /** For the report if the check cannot run. */
  String name();

  void judge(Evidence evidence, Verdict verdict) throws Exception;
}
