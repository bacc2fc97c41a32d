package io.kubeflowops.bench.chaos;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/**
 * One fault of the chaos run. The run injects it, holds it for the outage time, heals it, and then
 * measures how the load recovered; the reconciliation judges the whole run afterwards. To add a
 * fault: a factory in {@link NetworkFaults} (or a small class implementing this, for a process
 * fault), and one line in {@link ChaosRun#faults}.
 */
public interface Fault {
  /** What it hits (a dependency or a process), for the log and the report. */
  String target();

  /** What it does, in words, for the report. */
  String action();

  /** Breaks the target. */
  void inject() throws Exception;

  /** Undoes {@link #inject()}; returns once the target can work again. */
  void heal() throws Exception;

  /** How long the fault stays injected; a crash, for one, is over when it happened. */
  default Duration hold(Duration outage) {
    return outage;
  }

  /** Anything seen while injecting that the report should show (blank if nothing). */
  default String observed() {
    return "";
  }

  /** Something a fault does to its target. */
  @FunctionalInterface
  interface Action {
    void run() throws Exception;
  }

  /** A fault made of an injecting and a healing action ({@link NetworkFaults}). */
  record Of(String target, String action, Action onInject, Action onHeal) implements Fault {
    @Override
    public void inject() throws Exception {
      onInject.run();
    }

    @Override
    public void heal() throws Exception {
      onHeal.run();
    }
  }

  /** Several faults at once on the same target: injected in order, healed in reverse. */
  static Fault together(Fault... faults) {
    List<Fault> all = List.of(faults);
    return new Of(
        all.getFirst().target(),
        all.stream().map(Fault::action).collect(Collectors.joining("; and ")),
        () -> {
          for (Fault f : all) {
            f.inject();
          }
        },
        () -> {
          for (Fault f : all.reversed()) {
            f.heal();
          }
        });
  }
}
