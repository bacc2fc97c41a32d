package io.kubeflowops.notification.mail;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sesv2.model.Content;
import software.amazon.awssdk.services.sesv2.model.MessageHeader;
import software.amazon.awssdk.services.sesv2.model.SendEmailRequest;

/**
 * Sends through the Amazon SES v2 API ({@code SendEmail}, simple content). The IAM policy of the
 * pod's role allows {@code ses:SendEmail} only with this sender address (terraform/modules/iam).
 */
final class SesMailSender implements MailSender {
  private final SesV2Client ses;
  private final String from;
  private final String configurationSet;

  SesMailSender(SesV2Client ses, String from, String configurationSet) {
    this.ses = ses;
    this.from = from;
    this.configurationSet = configurationSet;
  }

  @Override
  public void send(Mail mail) {
    SendEmailRequest.Builder request =
        SendEmailRequest.builder()
            .fromEmailAddress(from)
            .destination(d -> d.toAddresses(mail.to()))
            .content(
                c ->
                    c.simple(
                        m ->
                            m.subject(text(mail.subject()))
                                .body(b -> b.text(text(mail.text())))
                                .headers(
                                    MessageHeader.builder()
                                        .name(Mail.EVENT_HEADER)
                                        .value(mail.eventId().toString())
                                        .build())));
    if (configurationSet != null) {
      request.configurationSetName(configurationSet);
    }
    try {
      ses.sendEmail(request.build());
    } catch (SdkException e) {
      throw new MailNotSent("SES did not accept the mail: " + e.getMessage(), e);
    }
  }

  @Override
  public String transport() {
    return "ses";
  }

  private static Content text(String data) {
    return Content.builder().data(data).charset("UTF-8").build();
  }
}
