package io.kubeflowops.bench.chaos;

/**
 * One part of the reconciliation that judges a chaos run once the load stopped and everything
 * drained: it reads the evidence and adds its rows to the verdict. To add a check: a method and one
 * line in {@link Reconciliation#CHECKS}. A check that throws fails the run. Where a check sorts
 * items into outcomes, every item must land in a row: an outcome it has no row for is a must-be-0
 * row of its own, never a silent pass.
 *
 * @param name for the report if the check cannot run
 */
public record Check(String name, Judge judge) {
  /** Reads the evidence, adds rows. */
  @FunctionalInterface
  public interface Judge {
    void judge(Evidence evidence, Verdict verdict) throws Exception;
  }
}
