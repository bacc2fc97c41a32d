package io.kubeflowops.devstack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Mailpit, an SMTP server with a web inbox and a REST API, as a local process: the mail server of
 * {@code make run} and the tests (on AWS, Amazon SES sends). It accepts any mail on its SMTP port,
 * with or without credentials and without TLS, and keeps it in a temporary database that Mailpit
 * deletes when it stops, so every start is an empty inbox.
 *
 * <p>The {@value #BINARY} binary (with its web UI built in) is pinned in tools/versions.env and
 * built once by {@code tools/install.sh mailpit}; make puts it on PATH. {@code MAILPIT} may name it
 * instead.
 */
public final class MailpitServer implements Server {
  public static final String BINARY = "mailpit";

  private final int smtpPort;
  private final int httpPort;
  private final ToolProcess process;

  public MailpitServer(int smtpPort, int httpPort, Path logFile) {
    this.smtpPort = smtpPort;
    this.httpPort = httpPort;
    this.process = new ToolProcess("mailpit", BINARY, "MAILPIT", logFile);
  }

  @Override
  public String name() {
    return "mailpit";
  }

  @Override
  public void start() throws IOException {
    // The stack checks port(), the SMTP one; a server already on the web port would answer the
    // probe below in Mailpit's place.
    if (Ports.inUse(httpPort)) {
      throw new IOException(
          "port " + httpPort + " for the mail inbox is already in use; stop what holds it");
    }
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();
    HttpRequest info =
        HttpRequest.newBuilder(URI.create(inboxUrl() + "/api/v1/info"))
            .timeout(Duration.ofSeconds(2))
            .build();
    process.start(
        List.of(
            "--listen",
            "127.0.0.1:" + httpPort,
            "--smtp",
            "127.0.0.1:" + smtpPort,
            // A local client may log in or not, over plain SMTP: quarkus-mailer's defaults work.
            "--smtp-auth-accept-any",
            "--smtp-auth-allow-insecure",
            // No reverse DNS lookups of the (loopback) client, no release check over the network.
            "--smtp-disable-rdns",
            "--disable-version-check",
            // Keep every message: Mailpit prunes to 500 by default, and the chaos run counts them
            // all.
            "--max",
            "0"),
        Map.of(),
        () -> http.send(info, HttpResponse.BodyHandlers.discarding()).statusCode() == 200,
        Duration.ofSeconds(20));
  }

  @Override
  public void stop() {
    process.stop();
  }

  /** The SMTP port (the one services are given). */
  @Override
  public int port() {
    return smtpPort;
  }

  public int httpPort() {
    return httpPort;
  }

  /** The web inbox; its REST API is under {@code /api/v1}. */
  public String inboxUrl() {
    return "http://127.0.0.1:" + httpPort;
  }

  @Override
  public String endpoint() {
    return "smtp://127.0.0.1:" + smtpPort + " (SMTP; inbox " + inboxUrl() + ")";
  }
}
