package io.kubeflowops.notification.consumer;

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
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * Handles a batch: each message in turn is recorded once in Redis and "sent"; then the messages
 * done with are deleted together. A message is deleted only after its notification is recorded; on
 * any failure it stays in the queue, hidden for a growing delay, until SQS moves it to the DLQ.
 */
@ApplicationScoped
class OrderEventProcessor {
  private static final Logger LOG = Logger.getLogger(OrderEventProcessor.class);

  private final EventParser parser;
  private final NotificationStore store;
  private final OrderEventQueue queue;
  private final ConsumerMetrics metrics;
  private final MessageTracing tracing;
  private final Backoff backoff;
  private final Clock clock = Clock.systemUTC();

  OrderEventProcessor(
      EventParser parser,
      NotificationStore store,
      OrderEventQueue queue,
      ConsumerMetrics metrics,
      MessageTracing tracing,
      SqsConfig config) {
    this.parser = parser;
    this.store = store;
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

  /** True if the message is done with (recorded now or before) and may be deleted. */
  private boolean handle(Message m, String traceId) {
    try {
      OrderCreatedEvent event = parser.parse(m.body());
      Instant now = clock.instant();
      Notification n = event.notification(now, traceId);
      if (store.recordOnce(n)) {
        LOG.infof(
            "notification sent: event %s, order %s, channel %s",
            n.eventId(), n.orderId(), n.channel());
        metrics.sent(Duration.between(event.occurredAt(), now));
      } else {
        LOG.infof("duplicate delivery ignored: event %s, order %s", n.eventId(), n.orderId());
        metrics.duplicate();
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

  private static int receiveCount(Message m) {
    String raw = m.attributes().get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT);
    try {
      return raw == null ? 1 : Math.max(1, Integer.parseInt(raw));
    } catch (NumberFormatException e) {
      return 1;
    }
  }
}
