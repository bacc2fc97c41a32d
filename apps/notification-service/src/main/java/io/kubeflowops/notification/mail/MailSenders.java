package io.kubeflowops.notification.mail;

import io.quarkus.mailer.reactive.ReactiveMailer;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.net.URI;
import java.time.Duration;
import org.jboss.logging.Logger;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sesv2.SesV2ClientBuilder;

/**
 * The one {@link MailSender} of MAIL_TRANSPORT. On AWS (no SES endpoint set) the SES client uses
 * the default credentials chain, which picks up the pod's IRSA web identity token; against a local
 * SES-compatible server it uses dummy static credentials.
 */
class MailSenders {
  private static final Logger LOG = Logger.getLogger(MailSenders.class);

  @Produces
  @Singleton
  MailSender mailSender(MailConfig config, ReactiveMailer mailer) {
    MailSender sender =
        switch (config.transport()) {
          case smtp -> new SmtpMailSender(mailer, config.sendTimeout());
          case ses ->
              new SesMailSender(
                  ses(config.ses(), config.sendTimeout()),
                  config.from(),
                  config.ses().configurationSet().filter(s -> !s.isBlank()).orElse(null));
        };
    LOG.infof("notifications are sent by email through %s", sender.transport());
    return sender;
  }

  private static SesV2Client ses(MailConfig.Ses config, Duration timeout) {
    SesV2ClientBuilder builder =
        SesV2Client.builder()
            .region(Region.of(config.region()))
            .httpClient(
                UrlConnectionHttpClient.builder()
                    .connectionTimeout(Duration.ofSeconds(2))
                    .socketTimeout(timeout)
                    .build())
            .overrideConfiguration(o -> o.apiCallTimeout(timeout));
    config
        .endpoint()
        .filter(e -> !e.isBlank())
        .ifPresentOrElse(
            e ->
                builder
                    .endpointOverride(URI.create(e))
                    .credentialsProvider(
                        StaticCredentialsProvider.create(
                            AwsBasicCredentials.create("local", "local"))),
            () -> builder.credentialsProvider(DefaultCredentialsProvider.builder().build()));
    return builder.build();
  }
}
