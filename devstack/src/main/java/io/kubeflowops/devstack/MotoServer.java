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
 * moto's server mode, an emulator of the AWS APIs, as a local process: the Amazon SES the tests
 * send mail through (on AWS, SES itself). It keeps everything in memory, so every start is an empty
 * account ({@value #ACCOUNT}) that takes any credentials.
 *
 * <p>It starts with moto's request recorder on: every AWS call it receives is appended to {@link
 * #recording()} as JSON, so a test can see fields moto accepts but does not keep (SES v2 simple
 * content's headers, the configuration set).
 *
 * <p>The {@value #BINARY} binary is pinned in tools/versions.env and installed once by {@code
 * tools/install.sh moto}; make puts it on PATH. {@code MOTO_SERVER} may name it instead.
 */
public final class MotoServer implements Server {
  public static final String BINARY = "moto_server";
  public static final String REGION = "eu-west-1";
  public static final String ACCOUNT = "123456789012";

  private final int port;
  private final Path recording;
  private final ToolProcess process;

  /** {@code workDir} holds its log and its recording. */
  public MotoServer(int port, Path workDir) {
    this.port = port;
    this.recording = workDir.resolve("moto-requests.jsonl");
    this.process = new ToolProcess("moto", BINARY, "MOTO_SERVER", workDir.resolve("moto.log"));
  }

  @Override
  public String name() {
    return "moto";
  }

  @Override
  public void start() throws IOException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();
    HttpRequest dashboard =
        HttpRequest.newBuilder(URI.create(url() + "/moto-api/"))
            .timeout(Duration.ofSeconds(2))
            .build();
    process.start(
        List.of("-H", "127.0.0.1", "-p", Integer.toString(port)),
        Map.of("MOTO_ENABLE_RECORDING", "true", "MOTO_RECORDER_FILEPATH", recording.toString()),
        () -> http.send(dashboard, HttpResponse.BodyHandlers.discarding()).statusCode() == 200,
        // A cold Python start imports moto's many services.
        Duration.ofSeconds(60));
  }

  @Override
  public void stop() {
    process.stop();
  }

  /** The endpoint every AWS client is pointed at (SES_ENDPOINT and the like). */
  public String url() {
    return "http://127.0.0.1:" + port;
  }

  /** The AWS requests received so far, one JSON object a line (moto's recorder format). */
  public Path recording() {
    return recording;
  }

  @Override
  public int port() {
    return port;
  }

  @Override
  public String endpoint() {
    return url() + " (AWS API emulator; state at " + url() + "/moto-api/data.json)";
  }
}
