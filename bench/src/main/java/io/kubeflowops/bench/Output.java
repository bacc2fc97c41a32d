package io.kubeflowops.bench;

import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;

/** Where a run writes: its JSON result, its chart and its section of docs/benchmarks.md. */
public final class Output {
  private static final DateTimeFormatter FILE_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter TITLE_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

  private Output() {}

  public static void writeJson(Path file, Object value) throws IOException {
    Files.createDirectories(file.getParent());
    Api.JSON.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), value);
  }

  /** Draws a run's chart into a PNG file. */
  @FunctionalInterface
  public interface ChartWriter {
    void render(Path png) throws IOException;
  }

  /** A run's section of docs/benchmarks.md, given the links to its chart and its result file. */
  @FunctionalInterface
  public interface Section {
    String markdown(String chartLink, String resultFile);
  }

  /**
   * Publishes a run named {@code kind}: its JSON under bench/results/, its chart under docs/img/,
   * and its section appended to docs/benchmarks.md.
   */
  public static void publish(
      Path root,
      String kind,
      Instant started,
      Object result,
      ChartWriter chart,
      Section section,
      PrintStream out)
      throws IOException {
    String name = kind + "-" + stamp(started);
    Path json = root.resolve("bench/results/" + name + ".json");
    writeJson(json, result);
    Path png = root.resolve("docs/img/" + name + ".png");
    chart.render(png);
    append(
        root.resolve("docs/benchmarks.md"),
        section.markdown("img/" + png.getFileName(), root.relativize(json).toString()));
    out.println(">> results: " + root.relativize(json) + ", chart " + root.relativize(png));
    out.println(">> appended a section to docs/benchmarks.md");
  }

  /** Appends a section to a markdown file (docs/benchmarks.md). */
  public static void append(Path markdown, String section) throws IOException {
    Files.writeString(markdown, section, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }

  /** {@code 20260101-120000}: for file names. */
  public static String stamp(Instant t) {
    return FILE_TIME.format(t);
  }

  /** {@code 2026-01-01 12:00 UTC}: for section titles. */
  public static String title(Instant t) {
    return TITLE_TIME.format(t);
  }

  /** A comma-separated list of rates (req/s) from the environment, or the default. */
  public static List<Double> rates(String name, String fallback) {
    return Arrays.stream(env(name, fallback).split(","))
        .map(String::trim)
        .map(Double::parseDouble)
        .toList();
  }

  /** A number of seconds from the environment, or the default. */
  public static Duration seconds(String name, long fallback) {
    return Duration.ofSeconds(Long.parseLong(env(name, Long.toString(fallback))));
  }

  /** A setting from the environment, or the default. */
  public static String env(String name, String fallback) {
    String v = System.getenv(name);
    return v == null || v.isBlank() ? fallback : v;
  }
}
