package io.kubeflowops.devstack.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The mail a local moto (Amazon SES emulator) accepted, read through moto's own API: what a test
 * asserts on after a service sent an email through SES. Two views, because moto keeps only part of
 * a message: {@link #sent()} is what its SES backend stored (sender, recipients, subject, body),
 * {@link #sendEmailRequests()} the SES v2 {@code SendEmail} requests as they arrived (with the
 * headers and the configuration set, which moto accepts and drops).
 */
public final class SesOutbox {
  /** One accepted email as moto's SES backend keeps it. */
  public record Sent(String id, String from, List<String> to, String subject, String body) {}

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration POLL = Duration.ofMillis(200);
  private static final String SEND_EMAIL_PATH = "/v2/email/outbound-emails";

  private final String baseUrl;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  /** {@code motoUrl}: moto's address, e.g. {@code MotoServer.url()}. */
  public SesOutbox(String motoUrl) {
    this.baseUrl = motoUrl.replaceAll("/+$", "");
  }

  /** Every email SES accepted, in every region, oldest first. */
  public List<Sent> sent() {
    List<Sent> out = new ArrayList<>();
    for (JsonNode m : get("/moto-api/data.json").path("ses").path("Message")) {
      List<String> to = new ArrayList<>();
      m.path("destinations").path("ToAddresses").forEach(a -> to.add(a.asText()));
      out.add(
          new Sent(
              m.path("id").asText(),
              m.path("source").asText(),
              List.copyOf(to),
              m.path("subject").asText(),
              m.path("body").asText()));
    }
    return out;
  }

  /** The accepted emails to {@code address} (a To address, compared whole and ignoring case). */
  public List<Sent> sentTo(String address) {
    return sent().stream()
        .filter(m -> m.to().stream().anyMatch(address::equalsIgnoreCase))
        .toList();
  }

  /**
   * Waits until at least {@code count} emails to {@code address} were accepted and returns them
   * all; fails after {@code timeout}, naming what SES holds.
   */
  public List<Sent> await(String address, int count, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      List<Sent> seen = sentTo(address);
      if (seen.size() >= count) {
        return seen;
      }
      if (System.nanoTime() > deadline) {
        List<Sent> all = sent();
        throw new AssertionError(
            "expected at least "
                + count
                + " mail(s) to "
                + address
                + " within "
                + timeout
                + ", SES accepted "
                + all.size()
                + " in all"
                + all.stream()
                    .map(m -> "\"" + m.subject() + "\" from " + m.from() + " to " + m.to())
                    .collect(Collectors.joining("; ", ": ", ""))
                + " ("
                + baseUrl
                + "/moto-api/data.json)");
      }
      try {
        Thread.sleep(POLL);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting for mail to " + address, e);
      }
    }
  }

  /**
   * The JSON bodies of the SES v2 {@code SendEmail} calls received so far, accepted or refused,
   * oldest first.
   */
  public List<JsonNode> sendEmailRequests() {
    String recording = getText("/moto-api/recorder/download-recording");
    List<JsonNode> out = new ArrayList<>();
    try {
      for (String line : recording.split("\n")) {
        if (line.isBlank()) {
          continue;
        }
        JsonNode entry = JSON.readTree(line);
        if (!"POST".equals(entry.path("method").asText())
            || !URI.create(entry.path("url").asText()).getPath().equals(SEND_EMAIL_PATH)) {
          continue;
        }
        String body = entry.path("body").asText();
        if (entry.path("body_encoded").asBoolean()) {
          body = new String(Base64.getDecoder().decode(body), StandardCharsets.UTF_8);
        }
        out.add(JSON.readTree(body));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("moto's recording at " + baseUrl + " is not JSON", e);
    }
    return out;
  }

  private JsonNode get(String path) {
    try {
      return JSON.readTree(getText(path));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private String getText(String path) {
    try {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(URI.create(baseUrl + path))
                  .timeout(Duration.ofSeconds(5))
                  .GET()
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        throw new IllegalStateException("GET " + r.uri() + " answered " + r.statusCode());
      }
      return r.body();
    } catch (IOException e) {
      throw new UncheckedIOException("moto at " + baseUrl + " did not answer", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted calling moto", e);
    }
  }
}
