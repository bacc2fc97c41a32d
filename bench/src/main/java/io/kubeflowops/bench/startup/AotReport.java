package io.kubeflowops.bench.startup;

import io.kubeflowops.bench.Results;

/**
 * The start-up experiment's part of a benchmark section: ready times with and without AOT caches.
 */
public final class AotReport {
  private AotReport() {}

  public static void append(StringBuilder md, Results.Bench b) {
    if (!b.aot().isEmpty()) {
      md.append(
          String.format(
              "%n### Ready time with a JDK 25 AOT cache%n%nProcess start → `/health/ready` 200, median of %d"
                  + " starts each, an extra instance next to the running system. *Image cache*: trained as"
                  + " `apps/Dockerfile` does it (`apps/aot-train.sh`: start-up and error paths, no database,"
                  + " Redis or SQS); this is the cache the images ship. *Full-run cache*: trained on a run with"
                  + " real traffic (start, ~20 rounds of the service's endpoints, SIGTERM), for comparison."
                  + " Both are used with `-XX:AOTCache`.%n%n",
              b.aot().getFirst().withoutCacheMs().size()));
      md.append(
          "| service | without (ms) | image cache (ms) | change | full-run cache (ms) | change | cache sizes"
              + " image / full | all starts without / image / full | note |\n");
      md.append("|---|---:|---:|---:|---:|---:|---:|---|---|\n");
      for (Results.Aot a : b.aot()) {
        md.append(
            String.format(
                "| %s | %d | %d | %s | %d | %s | %.0f / %.0f MiB | %s / %s / %s | %s |%n",
                a.service(),
                a.medianWithoutMs(),
                a.medianWithImageMs(),
                change(a.medianWithoutMs(), a.medianWithImageMs()),
                a.medianWithMs(),
                change(a.medianWithoutMs(), a.medianWithMs()),
                a.imageCacheBytes() / 1048576.0,
                a.cacheBytes() / 1048576.0,
                a.withoutCacheMs(),
                a.withImageCacheMs(),
                a.withCacheMs(),
                a.note().replace("|", "\\|")));
      }
    }
  }

  private static String change(long withoutMs, long withMs) {
    return withMs == 0 || withoutMs == 0
        ? "n/a"
        : String.format("%+.0f%%", 100.0 * (withMs - withoutMs) / withoutMs);
  }
}
