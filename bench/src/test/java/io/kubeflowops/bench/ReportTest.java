package io.kubeflowops.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubeflowops.bench.capacity.Chart;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportTest {
  private static Results.Step step(String name, double rate, double p99, boolean orders) {
    return new Results.Step(
        name,
        rate,
        rate,
        (long) rate * 10,
        0,
        Map.of(),
        2,
        5,
        p99,
        p99 + 1,
        p99 <= 50,
        orders ? new Results.Lag(100, 600, 1100, 1200, 0, 0, 500, 1000, 12, 30) : null,
        orders ? Map.of("order-service", 12.5) : Map.of(),
        p99 <= 50);
  }

  @Test
  void rendersTheSectionAndTheChart(@TempDir Path dir) throws Exception {
    List<Results.Scenario> scenarios =
        List.of(
            new Results.Scenario(
                "create-order",
                List.of(step("create-order", 25, 20, true), step("create-order", 50, 80, true)),
                25,
                "p99 80.0 ms at 50 rps"));
    Results.Bench b =
        new Results.Bench(
            "2026-01-01T00:00:00Z",
            "bench",
            new Results.Machine(2, "cpu", 8, "jdk", "os", "kernel", "1 / 1 / 1"),
            "2 / 2 / 2",
            12,
            Tuning.BASELINE_JVM,
            Map.of("order-service", 4000L),
            Map.of("order-service", 190.0),
            Map.of("order-service", 250.0),
            scenarios,
            List.of(),
            List.of());
    String md = Report.bench(b, "Benchmark run X", "img/x.png", "bench/results/x.json");
    assertTrue(
        md.contains("| create-order | 25 | 2.0 | 5.0 | 20.0 | 0 | p99 80.0 ms at 50 rps |"), md);
    assertTrue(md.contains("| 25 | 600 | 1100 | 1200 | 500 / 1000 | 12 / 30 | 100 | 0 | 0 |"), md);
    // A step measured after a warm-up whose JIT did not settle says so.
    assertTrue(md.contains("| create-order | 25 | 25.0 | 2.0 | 5.0 | 20.0 | 21.0 | 0 | yes |"), md);
    assertTrue(
        md.contains("| create-order | 50 | 50.0 | 2.0 | 5.0 | 80.0 | 81.0 | 0 | **no** |"), md);
    Path png = dir.resolve("chart.png");
    Chart.render(scenarios, "test", png);
    assertTrue(Files.size(png) > 1_000);
  }

  @Test
  void readsSummedPrometheusSeriesAndMedians() {
    String scrape = "# HELP x\nnotifications_sent_total 3.0\nouter{a=\"1\"} 2\nouter{a=\"2\"} 5\n";
    assertEquals(3.0, Api.sum(scrape, "notifications_sent_total"));
    assertEquals(7.0, Api.sum(scrape, "outer"));
    assertEquals(5, Stats.median(List.of(9L, 5L, 1L)));
    assertEquals(4, Stats.median(List.of(1L, 3L, 5L, 9L)));
  }
}
