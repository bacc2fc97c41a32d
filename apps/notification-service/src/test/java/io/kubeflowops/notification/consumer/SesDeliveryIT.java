package io.kubeflowops.notification.consumer;

import static io.kubeflowops.devstack.testing.OidcResource.asAdmin;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThan;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubeflowops.devstack.testing.InjectSesOutbox;
import io.kubeflowops.devstack.testing.OidcResource;
import io.kubeflowops.devstack.testing.PostgresResource;
import io.kubeflowops.devstack.testing.RedisResource;
import io.kubeflowops.devstack.testing.SesOutbox;
import io.kubeflowops.devstack.testing.SesResource;
import io.kubeflowops.devstack.testing.SqsResource;
import io.kubeflowops.notification.mail.Mail;
import io.kubeflowops.notification.mail.MailConfig;
import io.kubeflowops.notification.testing.TestEvents;
import io.kubeflowops.notification.testing.TestQueue;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sesv2.SesV2Client;

/**
 * The service with MAIL_TRANSPORT=ses, as on AWS, against SES's API (moto): while SES refuses the
 * sender (not yet verified) nothing is recorded and the event stays on the queue; once the sender
 * is verified, a later receive of the same event is confirmed by one mail and recorded.
 */
@QuarkusTest
@WithTestResource(OidcResource.class)
@WithTestResource(RedisResource.class)
@WithTestResource(PostgresResource.class)
@WithTestResource(SesResource.class)
@WithTestResource(SqsResource.class)
class SesDeliveryIT {
  private static final Duration PATIENCE = Duration.ofSeconds(20);
  private static TestQueue queue;

  @Inject MailConfig mail;
  @InjectSesOutbox SesOutbox ses;

  @BeforeAll
  static void connect() {
    queue = new TestQueue();
  }

  @AfterAll
  static void disconnect() {
    queue.close();
  }

  @Test
  void aRefusedSendIsRetriedUntilSesAcceptsTheMail() {
    UUID eventId = UUID.randomUUID();
    UUID orderId = UUID.randomUUID();
    String to = TestEvents.address(orderId);

    queue.send(TestEvents.orderCreated(eventId, orderId), TestEvents.traceparent());

    // Refused: nothing is recorded, the message stays on the queue for another receive. The sender
    // is
    // verified right away: a refused event goes to the DLQ after 5 receives (1 s apart here).
    await().atMost(PATIENCE).until(() -> requestsTo(to).size() >= 1);
    assertEquals(List.of(), ses.sentTo(to));
    assertEquals(0, notifications(orderId));

    verifySender();

    List<SesOutbox.Sent> sent = ses.await(to, 1, PATIENCE);
    await().atMost(PATIENCE).until(() -> notifications(orderId) == 1);
    await().atMost(PATIENCE).until(() -> queue.inQueue() == 0);
    assertEquals(List.of(), queue.drainDlq());
    assertEquals(1, ses.sentTo(to).size(), "one mail for one event");
    assertThat("the accepted send was a retry", requestsTo(to).size(), greaterThan(1));
    SesOutbox.Sent confirmation = sent.getFirst();
    assertEquals(mail.from(), confirmation.from());
    assertEquals(List.of(to), confirmation.to());
    assertEquals("Your order " + orderId + " was received", confirmation.subject());
    assertThat(confirmation.body(), containsString("Total: 42.50 EUR"));
    JsonNode accepted = requestsTo(to).getLast();
    assertThat(
        accepted.path("Content").path("Simple").path("Headers").toString(),
        containsString("{\"Name\":\"" + Mail.EVENT_HEADER + "\",\"Value\":\"" + eventId + "\"}"));
  }

  /**
   * What an operator does on AWS (there Terraform verifies the domain): SES may send as mail.from.
   */
  private void verifySender() {
    try (SesV2Client operator =
        SesV2Client.builder()
            .region(Region.of(mail.ses().region()))
            .endpointOverride(URI.create(mail.ses().endpoint().orElseThrow()))
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
            .httpClient(UrlConnectionHttpClient.create())
            .build()) {
      operator.createEmailIdentity(r -> r.emailIdentity(mail.from()));
    }
  }

  private List<JsonNode> requestsTo(String to) {
    return ses.sendEmailRequests().stream()
        .filter(r -> r.path("Destination").path("ToAddresses").toString().contains(to))
        .toList();
  }

  private static int notifications(UUID orderId) {
    return asAdmin()
        .queryParam("orderId", orderId.toString())
        .get("/notifications")
        .then()
        .statusCode(200)
        .extract()
        .jsonPath()
        .getList("items")
        .size();
  }
}
