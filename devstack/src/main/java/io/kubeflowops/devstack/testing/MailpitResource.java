package io.kubeflowops.devstack.testing;

import io.kubeflowops.devstack.MailpitServer;
import io.kubeflowops.devstack.Ports;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A real Mailpit (SMTP and its REST API) for a {@code @QuarkusTest}, on free ports: quarkus-mailer
 * sends to it, and a {@code @InjectMailbox Mailbox} field reads what arrived. Its log goes to a
 * temporary folder ({@code java.io.tmpdir}, inside {@code target/} in this build).
 */
public final class MailpitResource implements QuarkusTestResourceLifecycleManager {
  private MailpitServer mailpit;
  private Mailbox mailbox;

  @Override
  public Map<String, String> start() {
    int[] ports = Ports.free(2);
    try {
      Path logs = Files.createTempDirectory("mailpit-");
      mailpit = new MailpitServer(ports[0], ports[1], logs.resolve("mailpit.log"));
      mailpit.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    mailbox = new Mailbox(mailpit.inboxUrl());
    return Map.of(
        "quarkus.mailer.host", "127.0.0.1",
        "quarkus.mailer.port", Integer.toString(mailpit.port()),
        // For information (a failing test's log shows where to look); nothing reads it.
        "mailer.inbox-url", mailpit.inboxUrl());
  }

  @Override
  public void inject(TestInjector testInjector) {
    testInjector.injectIntoFields(
        mailbox, new TestInjector.AnnotatedAndMatchesType(InjectMailbox.class, Mailbox.class));
  }

  @Override
  public void stop() {
    if (mailpit != null) {
      mailpit.stop();
    }
  }
}
