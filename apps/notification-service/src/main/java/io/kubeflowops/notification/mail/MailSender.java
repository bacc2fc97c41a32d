package io.kubeflowops.notification.mail;

/**
 * Hands a mail to the mail service. Returns once the service has accepted it (the SMTP server's 250
 * to the message, or SES's message id); throws {@link MailNotSent} otherwise, and then the mail may
 * or may not have been accepted, so the caller must be ready to send it again.
 */
public interface MailSender {
  void send(Mail mail);

  /** What the channel is called in the notification record and the logs. */
  String transport();
}
