package io.kubeflowops.bench.capacity;

import io.kubeflowops.bench.Results;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Paint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** Latency p50 and p99 against the offered rate, one colour per scenario, as a PNG. */
public final class Chart {
  private static final Paint[] COLOURS = {
    new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0x9467bd)
  };

  private Chart() {}

  public static void render(List<Results.Scenario> scenarios, String title, Path png)
      throws IOException {
    System.setProperty("java.awt.headless", "true");
    XYSeriesCollection data = new XYSeriesCollection();
    for (Results.Scenario s : scenarios) {
      XYSeries p50 = new XYSeries(s.name() + " p50");
      XYSeries p99 = new XYSeries(s.name() + " p99");
      for (Results.Step step : s.steps()) {
        // A log axis cannot show 0; sub-0.1 ms values do not occur in practice.
        p50.add(step.offeredRps(), Math.max(0.1, step.p50Ms()));
        p99.add(step.offeredRps(), Math.max(0.1, step.p99Ms()));
      }
      data.addSeries(p50);
      data.addSeries(p99);
    }
    JFreeChart chart =
        ChartFactory.createXYLineChart(title, "offered rate (requests/s)", "latency (ms)", data);
    XYPlot plot = chart.getXYPlot();
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
    plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
    LogAxis x = new LogAxis("offered rate (requests/s, log scale)");
    x.setBase(2);
    x.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
    plot.setDomainAxis(x);
    x.setNumberFormatOverride(new java.text.DecimalFormat("0"));
    LogAxis y = new LogAxis("latency (ms, log scale)");
    y.setBase(10);
    y.setStandardTickUnits(NumberAxis.createStandardTickUnits());
    y.setNumberFormatOverride(new java.text.DecimalFormat("0.#"));
    plot.setRangeAxis(y);
    ValueMarker budget = new ValueMarker(io.kubeflowops.bench.load.Scenarios.P99_BUDGET_MS);
    budget.setPaint(Color.GRAY);
    budget.setStroke(
        new BasicStroke(
            1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 1f, new float[] {6f, 4f}, 0f));
    budget.setLabel("p99 budget 50 ms");
    budget.setLabelAnchor(org.jfree.chart.ui.RectangleAnchor.TOP_RIGHT);
    budget.setLabelTextAnchor(org.jfree.chart.ui.TextAnchor.BOTTOM_RIGHT);
    plot.addRangeMarker(budget);
    XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, true);
    for (int i = 0; i < data.getSeriesCount(); i++) {
      r.setSeriesPaint(i, COLOURS[(i / 2) % COLOURS.length]);
      r.setSeriesStroke(
          i,
          i % 2 == 0
              ? new BasicStroke(
                  1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 1f, new float[] {4f, 3f}, 0f)
              : new BasicStroke(2.5f));
    }
    plot.setRenderer(r);
    Files.createDirectories(png.getParent());
    ChartUtils.saveChartAsPNG(png.toFile(), chart, 900, 540);
  }
}
