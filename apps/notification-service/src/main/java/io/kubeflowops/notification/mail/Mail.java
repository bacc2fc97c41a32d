package io.kubeflowops.notification.mail;

import java.util.UUID;

/**
 * One email to send: plain text to one recipient. {@code eventId} goes out as the {@value
 * #EVENT_HEADER} header, so every copy of a mail can be traced to the event it confirms (and a
 * reconciliation can count mails per event).
 */
public record Mail(String to, String subject, String text, UUID eventId) {
  public static final String EVENT_HEADER = "X-Kubeflow-Ops-Event-Id";
}
