package io.kubeflowops.notification.mail;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.instanceOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubeflowops.devstack.MotoServer;
import io.kubeflowops.devstack.Ports;
import io.kubeflowops.devstack.testing.SesOutbox;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sesv2.model.MessageRejectedException;

/**
 * {@link SesMailSender} against a real SES v2 API (moto's emulator), built by {@link MailSenders}
 * from the settings MAIL_TRANSPORT=ses, SES_ENDPOINT and SES_CONFIGURATION_SET give. SES only sends
 * from a verified identity (on AWS the domain Terraform verifies), so the sender is verified first,
 * as an operator would.
 *
 * <p>What moto cannot show: it accepts any configuration set name, existing or not (real SES
 * answers a missing one with NotFoundException), so only the name on the wire is checked here.
 */
class SesMailSenderIT {
  private static final String FROM = "orders@kubeflow-ops.local";

  @TempDir static Path work;

  private static MotoServer moto;
  private static SesOutbox outbox;

  @BeforeAll
  static void startSes() throws IOException {
    moto = new MotoServer(Ports.free(), work);
    moto.start();
    outbox = new SesOutbox(moto.url());
    try (SesV2Client operator = client(moto.url())) {
      operator.createEmailIdentity(r -> r.emailIdentity(FROM));
    }
  }

  @AfterAll
  static void stopSes() {
    if (moto != null) {
      moto.stop();
    }
  }

  @Test
  void mailReachesSesWithRecipientSubjectBodyAndEventHeader() {
    // SES_CONFIGURATION_SET empty, as the service reads it by default: no configuration set.
    MailSender sender = sender(Map.of("mail.ses.configuration-set", ""));
    assertEquals("ses", sender.transport());
    Mail mail = mail();

    sender.send(mail);

    List<SesOutbox.Sent> sent = outbox.sentTo(mail.to());
    assertEquals(1, sent.size(), "accepted by SES: " + outbox.sent());
    SesOutbox.Sent accepted = sent.getFirst();
    assertEquals(FROM, accepted.from());
    assertEquals(List.of(mail.to()), accepted.to());
    assertEquals(mail.subject(), accepted.subject());
    assertEquals(mail.text(), accepted.body());

    // moto keeps no headers of a simple-content mail: the request it received shows them.
    JsonNode request = requestTo(mail.to());
    JsonNode simple = request.path("Content").path("Simple");
    assertEquals(List.of(Mail.EVENT_HEADER + ": " + mail.eventId()), headers(simple));
    assertEquals("UTF-8", simple.path("Subject").path("Charset").asText());
    assertEquals("UTF-8", simple.path("Body").path("Text").path("Charset").asText());
    assertFalse(request.has("ConfigurationSetName"), request.toString());
  }

  @Test
  void everyMailNamesTheConfigurationSet() {
    MailSender sender = sender(Map.of("mail.ses.configuration-set", "kubeflow-ops-dev"));
    Mail mail = mail();

    sender.send(mail);

    assertEquals(1, outbox.sentTo(mail.to()).size());
    assertEquals("kubeflow-ops-dev", requestTo(mail.to()).path("ConfigurationSetName").asText());
  }

  @Test
  void anUnverifiedSenderIsMailNotSentSoTheEventIsRetried() {
    MailSender sender = sender(Map.of("mail.from", "unverified@kubeflow-ops.local"));
    Mail mail = mail();

    MailNotSent e = assertThrows(MailNotSent.class, () -> sender.send(mail));

    assertThat(e.getCause(), instanceOf(MessageRejectedException.class));
    assertThat(e.getMessage(), containsString("Email address not verified"));
    assertThat(e.getMessage(), containsString("unverified@kubeflow-ops.local"));
    assertEquals(List.of(), outbox.sentTo(mail.to()));
    assertTrue(
        outbox.sendEmailRequests().stream().anyMatch(r -> r.toString().contains(mail.to())),
        "the refused request reached SES");
  }

  @Test
  void anUnreachableSesIsMailNotSentWithinTheSendTimeout() {
    MailSender sender =
        sender(
            Map.of(
                "mail.ses.endpoint",
                "http://127.0.0.1:" + Ports.free(),
                "mail.send-timeout",
                "3S"));
    long start = System.nanoTime();

    MailNotSent e = assertThrows(MailNotSent.class, () -> sender.send(mail()));

    assertThat(e.getMessage(), containsString("SES did not accept the mail"));
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    assertTrue(took.compareTo(Duration.ofSeconds(5)) < 0, "took " + took);
  }

  /**
   * The sender the service builds for MAIL_TRANSPORT=ses, with these settings over the defaults.
   */
  private static MailSender sender(Map<String, String> overrides) {
    Map<String, String> properties = new HashMap<>();
    properties.put("mail.transport", "ses");
    properties.put("mail.from", FROM);
    properties.put("mail.ses.endpoint", moto.url());
    properties.put("mail.ses.region", MotoServer.REGION);
    properties.putAll(overrides);
    MailConfig config =
        new SmallRyeConfigBuilder()
            .withMapping(MailConfig.class)
            // Quarkus's duration format ("10S"), as the service reads it
            .withConverter(Duration.class, 200, new DurationConverter())
            .withSources(new PropertiesConfigSource(properties, "test", 100))
            .build()
            .getConfigMapping(MailConfig.class);
    // The SMTP mailer is only used for MAIL_TRANSPORT=smtp.
    return new MailSenders().mailSender(config, null);
  }

  /** A mail to an address of its own, so each test finds just its mail. */
  private static Mail mail() {
    UUID eventId = UUID.randomUUID();
    return new Mail(
        "customer-" + eventId + "@example.com",
        "Your order " + eventId + " was received",
        "Thank you for your order.\nTotal: 42.50 EUR\n",
        eventId);
  }

  /** The one SendEmail request SES received for {@code to}. */
  private static JsonNode requestTo(String to) {
    List<JsonNode> requests =
        outbox.sendEmailRequests().stream()
            .filter(r -> r.path("Destination").path("ToAddresses").toString().contains(to))
            .toList();
    assertEquals(1, requests.size(), "SendEmail requests to " + to + ": " + requests);
    return requests.getFirst();
  }

  private static List<String> headers(JsonNode simple) {
    List<String> out = new java.util.ArrayList<>();
    simple
        .path("Headers")
        .forEach(h -> out.add(h.path("Name").asText() + ": " + h.path("Value").asText()));
    return out;
  }

  private static SesV2Client client(String endpoint) {
    return SesV2Client.builder()
        .region(Region.of(MotoServer.REGION))
        .endpointOverride(URI.create(endpoint))
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
        .httpClient(UrlConnectionHttpClient.create())
        .build();
  }
}
