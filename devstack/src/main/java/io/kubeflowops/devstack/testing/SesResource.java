package io.kubeflowops.devstack.testing;

import io.kubeflowops.devstack.MotoServer;
import io.kubeflowops.devstack.Ports;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Map;

/**
 * A real Amazon SES API (moto's emulator, on a free port) for a {@code @QuarkusTest}: the service
 * sends its mail through SES (mail.transport=ses, mail.ses.endpoint), and a {@code @InjectSesOutbox
 * SesOutbox} field reads what SES accepted. moto starts with no verified identity, so SES refuses
 * every sender until the test verifies one. Its log goes to a temporary folder ({@code
 * java.io.tmpdir}, inside {@code target/} in this build).
 */
public final class SesResource implements QuarkusTestResourceLifecycleManager {
  private MotoServer moto;
  private SesOutbox outbox;

  @Override
  public Map<String, String> start() {
    try {
      moto = new MotoServer(Ports.free(), Files.createTempDirectory("moto-"));
      moto.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    outbox = new SesOutbox(moto.url());
    return Map.of(
        "mail.transport",
        "ses",
        "mail.ses.endpoint",
        moto.url(),
        "mail.ses.region",
        MotoServer.REGION);
  }

  @Override
  public void inject(TestInjector testInjector) {
    testInjector.injectIntoFields(
        outbox, new TestInjector.AnnotatedAndMatchesType(InjectSesOutbox.class, SesOutbox.class));
  }

  @Override
  public void stop() {
    if (moto != null) {
      moto.stop();
    }
  }
}
