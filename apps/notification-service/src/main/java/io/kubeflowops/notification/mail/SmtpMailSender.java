package io.kubeflowops.notification.mail;

import io.quarkus.mailer.reactive.ReactiveMailer;
import java.time.Duration;

/** Sends through an SMTP server: Mailpit locally (make run, the tests), any relay elsewhere. */
final class SmtpMailSender implements MailSender {
  private final ReactiveMailer mailer;
  private final Duration timeout;

  SmtpMailSender(ReactiveMailer mailer, Duration timeout) {
    this.mailer = mailer;
    this.timeout = timeout;
  }

  @Override
  public void send(Mail mail) {
    io.quarkus.mailer.Mail m =
        io.quarkus.mailer.Mail.withText(mail.to(), mail.subject(), mail.text())
            .addHeader(Mail.EVENT_HEADER, mail.eventId().toString());
    try {
      mailer.send(m).await().atMost(timeout);
    } catch (RuntimeException e) {
      throw new MailNotSent("SMTP server did not accept the mail: " + e.getMessage(), e);
    }
  }

  @Override
  public String transport() {
    return "smtp";
  }
}
