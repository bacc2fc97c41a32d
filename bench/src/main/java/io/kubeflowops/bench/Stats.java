package io.kubeflowops.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/** Small numeric helpers shared by the experiments. */
public final class Stats {
  private Stats() {}

  public static long median(List<Long> values) {
    if (values.isEmpty()) {
      return 0;
    }
    long[] sorted = values.stream().mapToLong(Long::longValue).sorted().toArray();
    return sorted.length % 2 == 1
        ? sorted[sorted.length / 2]
        : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
  }

  /** A percentile of a histogram of microseconds, in milliseconds. */
  public static double ms(Histogram h, double percentile) {
    return h.getTotalCount() == 0 ? 0 : round2(h.getValueAtPercentile(percentile) / 1000.0);
  }

  public static double round2(double v) {
    return Math.round(v * 100) / 100.0;
  }

  public static Map<String, Double> round1(Map<String, Double> values) {
    Map<String, Double> out = new LinkedHashMap<>();
    values.forEach((k, v) -> out.put(k, Math.round(v * 10) / 10.0));
    return out;
  }
}
