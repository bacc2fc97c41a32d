package io.kubeflowops.notification.consumer;

import io.kubeflowops.notification.mail.Mail;
import io.kubeflowops.notification.mail.MailSender;
import io.kubeflowops.notification.notification.DeliveryMarkers;
import io.kubeflowops.notification.notification.Notification;
import io.kubeflowops.notification.notification.NotificationStore;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * Handles a batch: each message in turn is delivered (claim → send → record), then the messages
 * done with are deleted together. A message is deleted only after its mail was accepted and
 * recorded in PostgreSQL; on any failure it stays in the queue, hidden for a growing delay, until
 * SQS moves it to the DLQ. So a crash anywhere leads to a resend, never to silence; the one
 * duplicate left is a crash (or a failed record) after the mail service accepted the mail.
 */
@ApplicationScoped
class OrderEventProcessor {
  private static final Logger LOG = Logger.getLogger(OrderEventProcessor.class);

  private final EventParser parser;
  private final DeliveryMarkers markers;
  private final NotificationStore store;
  private final MailSender mail;
  private final OrderEventQueue queue;
  private final ConsumerMetrics metrics;
  private final MessageTracing tracing;
  private final Backoff backoff;
  private final Clock clock = Clock.systemUTC();

  OrderEventProcessor(
      EventParser parser,
      DeliveryMarkers markers,
      NotificationStore store,
      MailSender mail,
      OrderEventQueue queue,
      ConsumerMetrics metrics,
      MessageTracing tracing,
      SqsConfig config) {
    this.parser = parser;
    this.markers = markers;
    this.store = store;
    this.mail = mail;
    this.queue = queue;
    this.metrics = metrics;
    this.tracing = tracing;
    this.backoff = new Backoff(config.retryBase(), config.retryMax());
  }

  void process(List<Message> batch) {
    List<Message> done = new ArrayList<>(batch.size());
    for (Message m : batch) {
      if (process(m)) {
        done.add(m);
      }
    }
    queue.delete(done);
  }

  private boolean process(Message m) {
    Span span = tracing.startProcessSpan(m);
    try (Scope ignored = span.makeCurrent()) {
      // The consumer thread is not a Vert.x context, so the log context is set here.
      MDC.put("traceId", span.getSpanContext().getTraceId());
      MDC.put("spanId", span.getSpanContext().getSpanId());
      return handle(m, span.getSpanContext().getTraceId());
    } finally {
      MDC.remove("traceId");
      MDC.remove("spanId");
      span.end();
    }
  }

  /** True if the message is done with (delivered now or before) and may be deleted. */
  private boolean handle(Message m, String traceId) {
    try {
      OrderCreatedEvent event = parser.parse(m.body());
      Mail confirmation = event.confirmation();
      String owner = UUID.randomUUID().toString();
      switch (markers.claim(event.eventId(), owner)) {
        case DONE -> {
          duplicate(event, "done marker");
          return true;
        }
        case BUSY -> {
          int delay = (int) Math.max(1, markers.claimDuration().toSeconds());
          LOG.infof(
              "event %s is being delivered by another consumer; looking again in %d s",
              event.eventId(), delay);
          metrics.busy();
          queue.retryLater(m, delay);
          return false;
        }
        case CLAIMED -> {}
      }
      boolean finished = false;
      try {
        finished = deliver(event, confirmation, traceId, owner);
      } finally {
        if (!finished) {
          release(event.eventId(), owner);
        }
      }
      return true;
    } catch (RuntimeException e) {
      Span.current().recordException(e).setStatus(StatusCode.ERROR, e.getClass().getSimpleName());
      int receives = receiveCount(m);
      int delay = backoff.visibilitySeconds(receives);
      LOG.warnf(
          "message %s failed on receive %d, retry in %d s: %s",
          m.messageId(),
          receives,
          delay,
          e instanceof InvalidEvent ? e.getMessage() : e.toString());
      queue.retryLater(m, delay);
      return false;
    }
  }

  /**
   * Send, then record durably, then mark done and release the claim in one step; a failure before
   * the record means a resend. True if the claim was given up with the done marker.
   */
  private boolean deliver(
      OrderCreatedEvent event, Mail confirmation, String traceId, String owner) {
    var recorded = store.find(event.eventId());
    if (recorded.isPresent()) {
      // Sent and recorded before, but the done marker was lost (a crash, an evicted key).
      markers.finish(event.eventId(), owner, recorded.get().notificationId());
      duplicate(event, "durable record");
      return true;
    }
    mail.send(confirmation);
    Instant now = clock.instant();
    Notification n = event.notification(now, traceId);
    if (!store.record(n)) {
      // Another consumer sent and recorded it while this one was sending (a claim that outlived
      // its lease): the customer got this mail twice. Counted, so it is seen.
      LOG.warnf("event %s was recorded by another consumer during this send", event.eventId());
      metrics.sentTwice();
      return false;
    }
    markers.finish(event.eventId(), owner, n.notificationId());
    LOG.infof(
        "notification sent: event %s, order %s, channel %s via %s",
        n.eventId(), n.orderId(), n.channel(), mail.transport());
    metrics.sent(Duration.between(event.occurredAt(), now));
    return true;
  }

  private void duplicate(OrderCreatedEvent event, String by) {
    LOG.infof(
        "duplicate delivery ignored (%s): event %s, order %s",
        by, event.eventId(), event.orderId());
    metrics.duplicate();
  }

  private void release(UUID eventId, String owner) {
    try {
      markers.release(eventId, owner);
    } catch (RuntimeException e) {
      // The claim expires on its own; the delivery itself is done.
      LOG.debugf("releasing the claim on event %s failed: %s", eventId, e);
    }
  }

  private static int receiveCount(Message m) {
    String raw = m.attributes().get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT);
    try {
      return raw == null ? 1 : Math.max(1, Integer.parseInt(raw));
    } catch (NumberFormatException e) {
      return 1;
    }
  }
}
