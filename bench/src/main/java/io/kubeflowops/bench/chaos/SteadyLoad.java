package io.kubeflowops.bench.chaos;

import io.kubeflowops.bench.load.OpenLoop;
import io.kubeflowops.bench.load.Scenarios;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;

/**
 * {@code POST /orders} at a constant rate for the whole chaos run, recorded second by second: what
 * completed, the errors by kind and the p99 of the successes. Every accepted order is kept for the
 * reconciliation and handed to the witness.
 */
final class SteadyLoad {
  /** One second of load. {@code t}: seconds since the load started. */
  record Second(double t, long ok, long errors, double p99Ms, Map<String, Long> errorKinds) {}

  /** What the load saw from a fault's start until its recovery. */
  record Window(Double recoveredAfterS, long ok, long errors, Map<String, Long> errorKinds) {}

  private final OpenLoop loop;
  private final Queue<Scenarios.Accepted> ledger;
  private final Witness witness;
  private final List<Second> seconds = Collections.synchronizedList(new ArrayList<>());
  private final List<Scenarios.Accepted> accepted = Collections.synchronizedList(new ArrayList<>());
  private long t0;
  private Thread ticker;

  SteadyLoad(OpenLoop loop, Queue<Scenarios.Accepted> ledger, Witness witness) {
    this.loop = loop;
    this.ledger = ledger;
    this.witness = witness;
  }

  void start() {
    t0 = System.nanoTime();
    loop.start();
    ticker = Thread.ofPlatform().name("chaos-ticker").daemon().start(this::tick);
  }

  void stop() throws InterruptedException {
    loop.stop();
    ticker.interrupt();
    ticker.join();
    takeAccepted();
  }

  /** Seconds since the load started. */
  double now() {
    return at(System.nanoTime());
  }

  double at(long nanos) {
    return Math.round((nanos - t0) / 1e7) / 100.0;
  }

  List<Second> seconds() {
    return List.copyOf(seconds);
  }

  List<Scenarios.Accepted> accepted() {
    synchronized (accepted) {
      return List.copyOf(accepted);
    }
  }

  private void tick() {
    long next = System.nanoTime() + 1_000_000_000L;
    while (!Thread.currentThread().isInterrupted()) {
      try {
        Thread.sleep(Math.max(0, (next - System.nanoTime()) / 1_000_000));
      } catch (InterruptedException e) {
        return;
      }
      next += 1_000_000_000L;
      OpenLoop.Window w = loop.tick();
      seconds.add(new Second(now(), w.ok(), w.errorCount(), w.percentileMs(99), w.errors()));
      takeAccepted();
    }
  }

  private void takeAccepted() {
    Scenarios.Accepted a;
    while ((a = ledger.poll()) != null) {
      accepted.add(a);
      witness.watch(a);
    }
  }

  /**
   * The first second after {@code upAt} with successes, no error and p99 within budget, looked for
   * until {@code limitS} after {@code upAt}; and what the load saw from {@code downAt} to then.
   * Returns at once if that second is already there; otherwise waits for it.
   */
  Window recovery(double downAt, double upAt, double limitS) throws InterruptedException {
    Double recovered = null;
    while (recovered == null && now() < upAt + limitS) {
      Thread.sleep(500);
      synchronized (seconds) {
        for (Second s : seconds) {
          if (s.t() > upAt
              && s.ok() > 0
              && s.errors() == 0
              && s.p99Ms() <= Scenarios.P99_BUDGET_MS) {
            recovered = Math.max(0, Math.round((s.t() - upAt) * 10) / 10.0);
            break;
          }
        }
      }
    }
    double end = recovered == null ? upAt + limitS : upAt + recovered;
    long ok = 0;
    long errors = 0;
    Map<String, Long> kinds = new TreeMap<>();
    synchronized (seconds) {
      for (Second s : seconds) {
        if (s.t() > downAt && s.t() <= end + 1) {
          ok += s.ok();
          errors += s.errors();
          s.errorKinds().forEach((k, v) -> kinds.merge(k, v, Long::sum));
        }
      }
    }
    return new Window(recovered, ok, errors, kinds);
  }
}
