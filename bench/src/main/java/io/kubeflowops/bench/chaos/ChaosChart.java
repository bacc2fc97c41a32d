package io.kubeflowops.bench.chaos;

import io.kubeflowops.bench.load.Scenarios;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.IntervalMarker;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.Layer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** The chaos timeline: p99 and errors per second, with each fault shaded. */
final class ChaosChart {
  private ChaosChart() {}

  static void render(ChaosRun.Result result, Path png) throws IOException {
    XYSeries p99 = new XYSeries("p99 of 201s in the second (ms)");
    XYSeries errors = new XYSeries("errors in the second");
    for (SteadyLoad.Second s : result.timeline()) {
      // No success in the second: a gap in the line rather than a slope across the outage.
      p99.add(s.t(), s.ok() > 0 ? Double.valueOf(Math.max(0.5, s.p99Ms())) : null);
      errors.add(s.t(), s.errors());
    }
    JFreeChart chart =
        ChartFactory.createXYLineChart(
            String.format("create-order at %.0f req/s while dependencies fail", result.rate()),
            "seconds since the load started",
            "p99 (ms, log scale)",
            new XYSeriesCollection(p99));
    XYPlot plot = chart.getXYPlot();
    plot.setBackgroundPaint(Color.WHITE);
    plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
    plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
    LogAxis y = new LogAxis("p99 (ms, log scale)");
    y.setStandardTickUnits(NumberAxis.createStandardTickUnits());
    y.setNumberFormatOverride(new java.text.DecimalFormat("0.#"));
    plot.setRangeAxis(y);
    XYLineAndShapeRenderer line = new XYLineAndShapeRenderer(true, false);
    line.setSeriesPaint(0, new Color(0x1f77b4));
    plot.setRenderer(0, line);
    plot.setDataset(1, new XYSeriesCollection(errors));
    plot.setRangeAxis(1, new NumberAxis("errors per second"));
    plot.mapDatasetToRangeAxis(1, 1);
    XYLineAndShapeRenderer err = new XYLineAndShapeRenderer(true, false);
    err.setSeriesPaint(0, new Color(0xd62728));
    plot.setRenderer(1, err);
    ValueMarker budget = new ValueMarker(Scenarios.P99_BUDGET_MS, Color.GRAY, new BasicStroke(1f));
    plot.addRangeMarker(budget);
    for (ChaosRun.FaultResult f : result.faults()) {
      IntervalMarker outage =
          new IntervalMarker(f.downAtS(), Math.max(f.upAtS(), f.downAtS() + 0.5));
      outage.setPaint(new Color(255, 200, 120, 110));
      outage.setLabel(f.fault().split(" ")[0]);
      outage.setLabelAnchor(RectangleAnchor.TOP_LEFT);
      outage.setLabelTextAnchor(TextAnchor.TOP_LEFT);
      plot.addDomainMarker(outage, Layer.BACKGROUND);
    }
    Files.createDirectories(png.getParent());
    ChartUtils.saveChartAsPNG(png.toFile(), chart, 1000, 500);
  }
}
