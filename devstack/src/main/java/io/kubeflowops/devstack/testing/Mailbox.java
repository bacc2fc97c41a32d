package io.kubeflowops.devstack.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The mail a local Mailpit received, read through its REST API ({@code /api/v1}): what a test
 * asserts on after a service sent an email. Addresses compare case-insensitively and exactly
 * (Mailpit's {@code to:} search matches substrings, so its hits are filtered here).
 */
public final class Mailbox {
  /** One received email: the sender's and recipients' addresses, subject and plain-text body. */
  public record Message(String id, String from, List<String> to, String subject, String text) {}

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration POLL = Duration.ofMillis(200);
  private static final int PAGE = 1000;

  private final String baseUrl;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  /** {@code inboxUrl}: Mailpit's web address, e.g. {@code MailpitServer.inboxUrl()}. */
  public Mailbox(String inboxUrl) {
    this.baseUrl = inboxUrl.replaceAll("/+$", "") + "/api/v1";
  }

  /**
   * Every message sent to {@code address} (To, Cc or Bcc as Mailpit indexes them), oldest first.
   */
  public List<Message> messagesTo(String address) {
    String query = URLEncoder.encode("to:\"" + address + "\"", StandardCharsets.UTF_8);
    JsonNode found = get("/search?limit=1000&query=" + query).path("messages");
    List<Message> out = new ArrayList<>();
    for (JsonNode summary : found) {
      Message m = message(summary.path("ID").asText());
      if (m.to().stream().anyMatch(address::equalsIgnoreCase)) {
        out.add(m);
      }
    }
    return out.reversed(); // Mailpit lists the newest first
  }

  /** What the inbox lists for a message without opening it: enough to count the mail per order. */
  public record Summary(String id, List<String> to, String subject, String created) {}

  /**
   * Every message in the inbox, oldest first, read a page of summaries at a time; call it once no
   * more mail is arriving (a message that arrives mid-read shifts the pages; ids are
   * de-duplicated).
   */
  public List<Summary> all() {
    return all(PAGE);
  }

  /** As {@link #all()}, {@code pageSize} summaries per request. */
  public List<Summary> all(int pageSize) {
    Map<String, Summary> byId = new LinkedHashMap<>();
    for (int start = 0; ; start += pageSize) {
      JsonNode page = get("/messages?start=" + start + "&limit=" + pageSize).path("messages");
      for (JsonNode m : page) {
        List<String> to = new ArrayList<>();
        m.path("To").forEach(a -> to.add(a.path("Address").asText()));
        String id = m.path("ID").asText();
        byId.putIfAbsent(
            id,
            new Summary(
                id, List.copyOf(to), m.path("Subject").asText(), m.path("Created").asText()));
      }
      if (page.size() < pageSize) {
        return new ArrayList<>(byId.values()).reversed(); // Mailpit lists the newest first
      }
    }
  }

  public int count(String address) {
    return messagesTo(address).size();
  }

  /** One message by its Mailpit id. */
  public Message message(String id) {
    JsonNode m = get("/message/" + URLEncoder.encode(id, StandardCharsets.UTF_8));
    List<String> to = new ArrayList<>();
    m.path("To").forEach(a -> to.add(a.path("Address").asText()));
    return new Message(
        m.path("ID").asText(),
        m.path("From").path("Address").asText(),
        List.copyOf(to),
        m.path("Subject").asText(),
        m.path("Text").asText());
  }

  /**
   * Waits until at least {@code count} messages to {@code address} have arrived and returns them
   * all; fails after {@code timeout}, naming what the inbox held.
   */
  public List<Message> await(String address, int count, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      List<Message> seen = messagesTo(address);
      if (seen.size() >= count) {
        return seen;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "expected at least "
                + count
                + " mail(s) to "
                + address
                + " within "
                + timeout
                + ", saw "
                + seen.size()
                + describe(seen)
                + "; the inbox holds "
                + get("/messages?limit=1").path("total").asLong()
                + " message(s) in all ("
                + baseUrl.replace("/api/v1", "")
                + ")");
      }
      try {
        Thread.sleep(POLL);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting for mail to " + address, e);
      }
    }
  }

  /** Empties the inbox (between tests). */
  public void deleteAll() {
    send(HttpRequest.newBuilder(URI.create(baseUrl + "/messages")).DELETE());
  }

  private static String describe(List<Message> seen) {
    return seen.isEmpty()
        ? ""
        : seen.stream()
            .map(m -> "\"" + m.subject() + "\" from " + m.from() + " to " + m.to())
            .collect(Collectors.joining("; ", ": ", ""));
  }

  private JsonNode get(String path) {
    try {
      return JSON.readTree(send(HttpRequest.newBuilder(URI.create(baseUrl + path)).GET()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private String send(HttpRequest.Builder request) {
    try {
      HttpResponse<String> r =
          http.send(
              request.timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        throw new IllegalStateException(
            r.request().method() + " " + r.uri() + " answered " + r.statusCode() + ": " + r.body());
      }
      return r.body();
    } catch (IOException e) {
      throw new UncheckedIOException("Mailpit at " + baseUrl + " did not answer", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted calling Mailpit", e);
    }
  }
}
