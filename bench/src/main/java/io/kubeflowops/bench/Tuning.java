package io.kubeflowops.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How the services are started: JVM flags and extra environment variables. The baseline is what
 * {@code make run} uses; variants change one thing each so the numbers can be compared.
 */
record Tuning(String name, String what, List<String> jvm, Map<String, String> env) {
  static final List<String> BASELINE_JVM = List.of("-Xmx256m", "-XX:+UseSerialGC");

  static Tuning baseline() {
    return new Tuning(
        "baseline",
        "make run defaults: -Xmx256m SerialGC, service defaults",
        BASELINE_JVM,
        Map.of());
  }

  static List<Tuning> variants() {
    return List.of(
        baseline(),
        new Tuning(
            "g1",
            "-XX:+UseG1GC instead of SerialGC",
            List.of("-Xmx256m", "-XX:+UseG1GC"),
            Map.of()),
        new Tuning(
            "pool-4", "DB_POOL_MAX=4 (default 16)", BASELINE_JVM, Map.of("DB_POOL_MAX", "4")),
        new Tuning(
            "consumers-1",
            "SQS_CONSUMERS=1: one SQS poll loop (default 4)",
            BASELINE_JVM,
            Map.of("SQS_CONSUMERS", "1")));
  }

  Tuning withJvm(List<String> extra) {
    List<String> all = new java.util.ArrayList<>(jvm);
    all.addAll(extra);
    return new Tuning(name, what, all, env);
  }

  Map<String, String> envWith(Map<String, String> base) {
    Map<String, String> all = new LinkedHashMap<>(base);
    all.putAll(env);
    return all;
  }
}
