package io.kubeflowops.devstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubeflowops.devstack.testing.Mailbox;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stack's Mailpit takes mail over plain SMTP without credentials (as quarkus-mailer sends it),
 * a test reads it back through {@link Mailbox}, and its web inbox is served whole (the pinned build
 * embeds the UI's scripts, which the Go module alone lacks).
 */
class MailpitServerIT {
  @TempDir Path work;

  private MailpitServer mailpit;

  @AfterEach
  void stop() {
    if (mailpit != null) {
      mailpit.stop();
    }
  }

  @Test
  void mailSentOverSmtpIsReadThroughTheApi() throws Exception {
    Stack stack = Stack.onFreePorts(work, 30);
    mailpit = stack.mailpit;
    mailpit.start();
    assertEquals("127.0.0.1", stack.env().get("SMTP_HOST"));
    assertEquals(Integer.toString(mailpit.port()), stack.env().get("SMTP_PORT"));
    Mailbox mailbox = new Mailbox(stack.inboxUrl());

    SmtpClient.send(
        mailpit.port(),
        "orders@kubeflow-ops.local",
        "ada@example.com",
        "Your order 42 is confirmed",
        "Thank you for your order.");
    SmtpClient.send(
        mailpit.port(), "orders@kubeflow-ops.local", "grace@example.com", "Other", "Not Ada's.");

    List<Mailbox.Message> mails = mailbox.await("ada@example.com", 1, Duration.ofSeconds(10));
    assertEquals(1, mails.size());
    Mailbox.Message mail = mails.getFirst();
    assertEquals("Your order 42 is confirmed", mail.subject());
    assertEquals("orders@kubeflow-ops.local", mail.from());
    assertEquals(List.of("ada@example.com"), mail.to());
    assertEquals("Thank you for your order.", mail.text().strip());
    assertEquals(0, mailbox.count("da@example.com"), "addresses match whole, not as substrings");

    mailbox.deleteAll();
    assertEquals(0, mailbox.count("ada@example.com"));
    assertEquals(0, mailbox.count("grace@example.com"));
  }

  @Test
  void allListsEveryMessageOldestFirstAcrossPages() throws Exception {
    mailpit = Stack.onFreePorts(work, 30).mailpit;
    mailpit.start();
    for (int i = 1; i <= 5; i++) {
      SmtpClient.send(mailpit.port(), "a@example.com", "b@example.com", "Order " + i, "Hi.");
    }
    Mailbox mailbox = new Mailbox(mailpit.inboxUrl());
    mailbox.await("b@example.com", 5, Duration.ofSeconds(10));

    List<String> subjects = mailbox.all(2).stream().map(Mailbox.Summary::subject).toList();
    assertEquals(List.of("Order 1", "Order 2", "Order 3", "Order 4", "Order 5"), subjects);
    assertEquals(List.of("b@example.com"), mailbox.all().getFirst().to());
  }

  @Test
  void awaitNamesWhatItSawWhenTheMailDoesNotCome() throws Exception {
    mailpit = Stack.onFreePorts(work, 30).mailpit;
    mailpit.start();
    SmtpClient.send(mailpit.port(), "a@example.com", "b@example.com", "Hello", "Hi.");
    Mailbox mailbox = new Mailbox(mailpit.inboxUrl());
    mailbox.await("b@example.com", 1, Duration.ofSeconds(10));

    AssertionError e =
        org.junit.jupiter.api.Assertions.assertThrows(
            AssertionError.class, () -> mailbox.await("b@example.com", 2, Duration.ofMillis(300)));
    assertTrue(e.getMessage().contains("saw 1: \"Hello\" from a@example.com"), e.getMessage());
  }

  @Test
  void webInboxServesItsScripts() throws Exception {
    mailpit = Stack.onFreePorts(work, 30).mailpit;
    mailpit.start();
    HttpClient http = HttpClient.newHttpClient();
    for (String path : List.of("/", "/dist/app.js")) {
      HttpResponse<byte[]> r =
          http.send(
              HttpRequest.newBuilder(URI.create(mailpit.inboxUrl() + path)).build(),
              HttpResponse.BodyHandlers.ofByteArray());
      assertEquals(200, r.statusCode(), path);
      assertTrue(r.body().length > 0, path + " is empty");
    }
    HttpResponse<byte[]> app =
        http.send(
            HttpRequest.newBuilder(URI.create(mailpit.inboxUrl() + "/dist/app.js")).build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertTrue(app.body().length > 100_000, "app.js is " + app.body().length + " bytes");
  }
}
