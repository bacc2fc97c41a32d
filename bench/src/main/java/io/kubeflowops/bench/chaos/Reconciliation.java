package io.kubeflowops.bench.chaos;

import java.util.List;

/** Runs every check over the evidence into one verdict; a check that cannot run fails it. */
final class Reconciliation {
  private Reconciliation() {}

  static Verdict judge(List<Check> checks, Evidence evidence) {
    Verdict verdict = new Verdict();
    for (Check check : checks) {
      try {
        check.judge(evidence, verdict);
      } catch (Exception e) {
        verdict.mustBeZero("check `" + check.name() + "` could not run (must be 0)", 1);
        verdict.example(check.name() + ": " + e);
      }
    }
    return verdict;
  }
}
