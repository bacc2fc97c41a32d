package io.kubeflowops.bench.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubeflowops.bench.Api;
import io.kubeflowops.bench.Platform;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every order in the database notified at least once, and more than once only where a kill of the
 * consumer allows it. "Sent" is judged from notification-service's own log line ({@code
 * notification sent: event …, order …}, written after the mail server accepted the mail and
 * PostgreSQL recorded it; every process of the run appends to the same file); {@code GET
 * /notifications?orderId} must list each order exactly once, and never have listed it twice while
 * the witness watched. A kill -9 between a send and its record means the mail goes again on
 * redelivery (docs/adr/0005-notification-delivery.md): at most one per poll loop and kill, since a
 * loop sends one mail at a time.
 */
final class DeliveryCheck implements Check {
  /** The consumer's poll loops (SQS_CONSUMERS, its default in the chaos run). */
  private static final int POLL_LOOPS = 4;

  private static final Pattern SENT =
      Pattern.compile(
          "\"timestamp\":\"([^\"]+)\".*notification sent: event [0-9a-f-]+, order ([0-9a-f-]{36})");

  @Override
  public String name() {
    return "delivery";
  }

  @Override
  public void judge(Evidence e, Verdict v) throws Exception {
    Map<UUID, List<Instant>> sends = sentLog(e.platform());
    long once = 0;
    long recordedNotLogged = 0;
    long notListed = 0;
    long twice = 0;
    long extraSends = 0;
    long notSent = 0;
    long listedTwice = 0;
    for (Evidence.Committed order : e.committed().values()) {
      UUID id = order.id();
      List<Instant> sent = sends.getOrDefault(id, List.of());
      int listed = listing(e.platform(), id).size();
      if (listed > 1 || e.witness().maxCount(id) > 1) {
        listedTwice++;
        v.example("listed " + Math.max(listed, e.witness().maxCount(id)) + " times: order " + id);
      }
      if (sent.size() == 1) {
        once++;
        if (listed == 0) {
          notListed++;
          v.example("sent once (" + sent.getFirst() + ") but not listed: order " + id);
        }
      } else if (sent.isEmpty() && listed == 1) {
        // Recorded by the process killed before it wrote its log line.
        once++;
        recordedNotLogged++;
      } else if (sent.size() > 1) {
        twice++;
        extraSends += sent.size() - 1;
        v.example("sent " + sent.size() + " times: order " + id + " at " + sent);
      } else {
        notSent++;
        v.example(
            "NOT SENT: order "
                + id
                + " created "
                + order.createdAt()
                + ", published "
                + order.publishedAt());
      }
    }
    v.count(
        "sent exactly once (notification-service's log, or the listing where the log line is"
            + " missing)",
        once);
    v.count("  of which recorded by the killed process before it could log it", recordedNotLogged);
    v.mustBeZero("  of which not listed by GET /notifications (must be 0)", notListed);
    long kills = e.faults().stream().filter(f -> f.action().contains("kill -9")).count();
    long bound = kills * POLL_LOOPS;
    v.count("sent more than once (a kill between a send and its record)", twice);
    v.mustBeZero(
        "  extra sends beyond one per poll loop and kill (" + bound + " allowed; must be 0)",
        Math.max(0, extraSends - bound));
    v.mustBeZero("listed more than once by GET /notifications (must be 0)", listedTwice);
    v.mustBeZero("not sent (must be 0)", notSent);
  }

  private static Map<UUID, List<Instant>> sentLog(Platform platform) throws IOException {
    Map<UUID, List<Instant>> out = new HashMap<>();
    for (String l : Files.readAllLines(platform.service(Platform.NOTIFICATIONS).logFile())) {
      Matcher m = SENT.matcher(l);
      if (m.find()) {
        out.computeIfAbsent(UUID.fromString(m.group(2)), k -> new ArrayList<>())
            .add(Instant.parse(m.group(1)));
      }
    }
    out.values().forEach(Collections::sort);
    return out;
  }

  private static List<JsonNode> listing(Platform platform, UUID order) throws Exception {
    Exception last = null;
    for (int i = 0; i < 5; i++) {
      try {
        return Api.notifications(platform.url(Platform.NOTIFICATIONS), order);
      } catch (IOException ex) {
        last = ex;
        Thread.sleep(500);
      }
    }
    throw last;
  }
}
