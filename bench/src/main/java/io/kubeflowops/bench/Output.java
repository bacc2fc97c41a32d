package io.kubeflowops.bench;

import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

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

  /** A setting from the environment, or the default. */
  public static String env(String name, String fallback) {
    String v = System.getenv(name);
    return v == null || v.isBlank() ? fallback : v;
  }
}
