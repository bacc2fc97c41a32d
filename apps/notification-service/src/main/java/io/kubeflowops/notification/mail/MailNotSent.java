package io.kubeflowops.notification.mail;

/** The mail service did not accept the mail (unreachable, timed out, or refused it). */
public final class MailNotSent extends RuntimeException {
  public MailNotSent(String message, Throwable cause) {
    super(message, cause);
  }
}
