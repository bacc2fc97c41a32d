package io.kubeflowops.bench.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubeflowops.bench.Api;
import io.kubeflowops.bench.Platform;
import io.kubeflowops.devstack.testing.Mailbox;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every order's confirmation arrived at the mail server, to the order's customer, and more than
 * once only where a crash of the consumer allows it. "Delivered" means only this: a message in
 * Mailpit's inbox whose subject names the order. {@code GET /notifications?orderId} (the durable
 * record in PostgreSQL) must list each order exactly once, never have listed it twice while the
 * witness watched, and never list an order whose mail did not arrive. A kill -9 after the mail
 * server accepted a mail and before it was recorded sends it again on redelivery
 * (docs/adr/0005-notification-delivery.md): at most one per poll loop and kill, since a loop sends
 * one mail at a time.
 */
final class DeliveryCheck {
  /** The consumer's poll loops (SQS_CONSUMERS, its default in the chaos run). */
  private static final int POLL_LOOPS = 4;

  /** The subject notification-service gives the order confirmation. */
  private static final Pattern SUBJECT =
      Pattern.compile("^Your order ([0-9a-f-]{36}) was received$");

  private DeliveryCheck() {}

  static void judge(Evidence e, Verdict v) throws Exception {
    // The records first, then the inbox: a mail is sent before its record is written, so a
    // recorded order whose mail is missing is a loss, not a mail still on its way.
    Map<UUID, Integer> listings = new HashMap<>();
    for (UUID id : e.committed().keySet()) {
      listings.put(id, listing(e.platform(), id).size());
    }
    Map<UUID, List<Mailbox.Summary>> mails = new HashMap<>();
    long unrelated = 0;
    for (Mailbox.Summary m : new Mailbox(e.platform().stack.inboxUrl()).all()) {
      Matcher matcher = SUBJECT.matcher(m.subject());
      if (matcher.matches()) {
        mails.computeIfAbsent(UUID.fromString(matcher.group(1)), k -> new ArrayList<>()).add(m);
      } else {
        unrelated++;
        v.example("a mail that is no order confirmation: \"" + m.subject() + "\" to " + m.to());
      }
    }
    long once = 0;
    long twice = 0;
    long extraMails = 0;
    long lost = 0;
    long recordedNotReceived = 0;
    long receivedNotRecorded = 0;
    long wrongRecipient = 0;
    long listedTwice = 0;
    for (Evidence.Committed order : e.committed().values()) {
      UUID id = order.id();
      List<Mailbox.Summary> received = mails.getOrDefault(id, List.of());
      int listed = listings.get(id);
      int seenMax = e.witness().maxCount(id);
      if (listed > 1 || seenMax > 1) {
        listedTwice++;
        v.example("listed " + Math.max(listed, seenMax) + " times: order " + id);
      }
      for (Mailbox.Summary m : received) {
        if (m.to().size() != 1 || !m.to().getFirst().equalsIgnoreCase(order.customerEmail())) {
          wrongRecipient++;
          v.example("order " + id + " of " + order.customerEmail() + " mailed to " + m.to());
        }
      }
      if (received.size() == 1) {
        once++;
      } else if (received.size() > 1) {
        twice++;
        extraMails += received.size() - 1;
        v.example(
            "received "
                + received.size()
                + " times: order "
                + id
                + " at "
                + received.stream().map(Mailbox.Summary::created).toList());
      }
      if (received.isEmpty()) {
        if (listed > 0) {
          recordedNotReceived++;
          v.example("RECORDED BUT NO MAIL: order " + id);
        } else {
          lost++;
          v.example(
              "NO MAIL: order "
                  + id
                  + " created "
                  + order.createdAt()
                  + ", published "
                  + order.publishedAt());
        }
      } else if (listed == 0) {
        receivedNotRecorded++;
        v.example("mail received but not listed by GET /notifications: order " + id);
      }
    }
    long kills = e.faults().stream().filter(f -> f.action().contains("kill -9")).count();
    long bound = kills * POLL_LOOPS;
    v.count("confirmation received by the mail server exactly once", once);
    v.count(
        "received more than once (a kill after the mail server accepted, before the record)",
        twice);
    v.mustBeZero(
        "  extra mails beyond one per poll loop and kill (" + bound + " allowed; must be 0)",
        Math.max(0, extraMails - bound));
    v.mustBeZero("no mail received (must be 0)", lost);
    v.mustBeZero("recorded as sent but no mail received (must be 0)", recordedNotReceived);
    v.mustBeZero("mail received but not recorded (must be 0)", receivedNotRecorded);
    v.mustBeZero("mailed to another address than the customer's (must be 0)", wrongRecipient);
    v.mustBeZero("mails that confirm no order of the run (must be 0)", unrelated);
    v.mustBeZero("listed more than once by GET /notifications (must be 0)", listedTwice);
  }

  private static List<JsonNode> listing(Platform platform, UUID order) throws Exception {
    IOException last = null;
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
