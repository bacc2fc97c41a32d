package io.kubeflowops.bench;

import io.kubeflowops.devstack.ServiceProcess;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How the services are started: JVM flags and extra environment variables. The baseline is what
 * {@code make run} uses; the tuning experiment's variants change one thing each.
 */
public record Tuning(String name, String what, List<String> jvm, Map<String, String> env) {
  public static final List<String> BASELINE_JVM = ServiceProcess.LOCAL_JVM;

  public static Tuning baseline() {
    return new Tuning(
        "baseline",
        "make run defaults: -Xmx160m SerialGC, capped code cache and metaspace, service defaults",
        BASELINE_JVM,
        Map.of());
  }

  public Tuning withJvm(List<String> extra) {
    List<String> all = new java.util.ArrayList<>(jvm);
    all.addAll(extra);
    return new Tuning(name, what, all, env);
  }

  public Map<String, String> envWith(Map<String, String> base) {
    Map<String, String> all = new LinkedHashMap<>(base);
    all.putAll(env);
    return all;
  }
}
