package io.kubeflowops.bench;

import java.util.List;
import java.util.Map;

/** What a run measured; written as JSON and rendered into docs/benchmarks.md. */
public final class Results {
  private Results() {}

  public record Machine(
      int cpus,
      String cpuModel,
      double memoryGib,
      String jdk,
      String os,
      String kernel,
      String loadAverageAtStart) {}

  /**
   * Notification lag: order createdAt (as order-service returned it) → notification sentAt, split
   * at the moment the relay published the event (outbox sent_at): relay = createdAt → published,
   * delivery = published → sentAt (SQS, consumer, Redis).
   */
  public record Lag(
      int sampled,
      double p50Ms,
      double p99Ms,
      double maxMs,
      int missing,
      int duplicates,
      double relayP50Ms,
      double relayP99Ms,
      double deliveryP50Ms,
      double deliveryP99Ms) {}

  /**
   * One measured step. {@code jitSettled}: whether the warm-up before it ended with every watched
   * JVM's compiler threads under 3 % of a core (false: it hit BENCH_JIT_SETTLE_MAX_SECONDS and the
   * step was measured anyway; null: the run did not wait, as smoke does).
   */
  public record Step(
      String scenario,
      double offeredRps,
      double achievedRps,
      long ok,
      long errors,
      Map<String, Long> errorKinds,
      double p50Ms,
      double p95Ms,
      double p99Ms,
      double maxMs,
      boolean passed,
      Lag lag,
      Map<String, Double> cpuSecondsPer1000Orders,
      Boolean jitSettled) {}

  public record Scenario(
      String name, List<Step> steps, double sustainedRps, String stoppedBecause) {}

  /**
   * Ready times without a cache, with the cache the image build trains (apps/aot-train.sh: start-up
   * and error paths, no dependencies) and with one trained on a run with real traffic.
   */
  public record Aot(
      String service,
      List<Long> withoutCacheMs,
      List<Long> withImageCacheMs,
      List<Long> withCacheMs,
      long medianWithoutMs,
      long medianWithImageMs,
      long medianWithMs,
      long imageCacheBytes,
      long cacheBytes,
      String note) {}

  public record TuningRun(
      String name, String what, List<String> jvm, Map<String, String> env, Step step) {}

  public record Bench(
      String startedAt,
      String mode,
      Machine machine,
      String loadAverageAtEnd,
      double stepSeconds,
      List<String> serviceJvm,
      Map<String, Long> readyMs,
      Map<String, Double> rssIdleMib,
      Map<String, Double> rssLoadMib,
      List<Scenario> scenarios,
      List<Aot> aot,
      List<TuningRun> tuning) {}
}
