package io.kubeflowops.bench.peer;

import io.kubeflowops.bench.Platform;
import io.kubeflowops.bench.load.OpenLoop;
import io.kubeflowops.devstack.Ports;
import io.kubeflowops.devstack.SqsServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The peer: the orders service of the AWS retail-store-sample-app (release 1.6.2, built by {@code
 * bench/peer/build-peer.sh}) on the platform's PostgreSQL and ElasticMQ, with a database and a
 * queue of its own. Its settings are the ones its {@code application.yml}, {@code
 * DatabaseProperties} and {@code SqsMessagingConfig} read; it creates its tables itself (Flyway,
 * {@code V1__Initial.sql}) and sends each order's event synchronously, after the commit, to the
 * queue named by {@code RETAIL_ORDERS_MESSAGING_SQS_TOPIC}.
 */
final class PeerService implements AutoCloseable {
  static final String NAME = "peer-orders";
  static final String DATABASE = "peer_orders";
  static final String ROLE = "peer_orders";
  static final String PASSWORD = "peer_orders";
  static final String QUEUE = "peer-order-events";

  private final Platform platform;
  private final Path jar;
  private final List<String> jvm;
  private final int port = Ports.free();
  private final LongAdder accepted = new LongAdder();
  private Process process;

  PeerService(Platform platform, Path jar, List<String> jvm) {
    this.platform = platform;
    this.jar = jar;
    this.jvm = jvm;
  }

  /** Its database (owned by its own login role) and its queue, on the platform's servers. */
  void prepare() throws IOException {
    String admin = "jdbc:postgresql://127.0.0.1:" + platform.stack.postgres.port() + "/postgres";
    // The embedded server's superuser logs in without a password (initdb's trust), as set-up does.
    try (Connection c = DriverManager.getConnection(admin, "postgres", "");
        Statement s = c.createStatement()) {
      s.execute("CREATE ROLE " + ROLE + " LOGIN PASSWORD '" + PASSWORD + "'");
      s.execute("CREATE DATABASE " + DATABASE + " OWNER " + ROLE);
    } catch (SQLException e) {
      throw new IOException("could not create the peer's database: " + e.getMessage(), e);
    }
    // Its SqsTemplate would create a missing queue itself; created here so its first order does
    // not pay for that.
    try (SqsClient sqs = platform.stack.sqs.client()) {
      sqs.createQueue(b -> b.queueName(QUEUE));
    }
  }

  /** The environment the peer reads (names from its application.yml and config classes). */
  Map<String, String> env() {
    String sqs = platform.stack.sqs.endpointUrl();
    Map<String, String> env = new LinkedHashMap<>();
    env.put("PORT", Integer.toString(port));
    env.put("RETAIL_ORDERS_PERSISTENCE_PROVIDER", "postgres");
    env.put("RETAIL_ORDERS_PERSISTENCE_ENDPOINT", "127.0.0.1:" + platform.stack.postgres.port());
    env.put("RETAIL_ORDERS_PERSISTENCE_NAME", DATABASE);
    env.put("RETAIL_ORDERS_PERSISTENCE_USERNAME", ROLE);
    env.put("RETAIL_ORDERS_PERSISTENCE_PASSWORD", PASSWORD);
    env.put("RETAIL_ORDERS_MESSAGING_PROVIDER", "sqs");
    env.put("RETAIL_ORDERS_MESSAGING_SQS_TOPIC", QUEUE);
    // Its SqsAsyncClient is SqsAsyncClient.builder().build(): the SDK's own environment variables.
    env.put("AWS_ENDPOINT_URL_SQS", sqs);
    env.put("AWS_REGION", SqsServer.REGION);
    env.put("AWS_ACCESS_KEY_ID", "local");
    env.put("AWS_SECRET_ACCESS_KEY", "local");
    return env;
  }

  void start() throws IOException {
    List<String> cmd = new java.util.ArrayList<>();
    cmd.add(ProcessHandle.current().info().command().orElse("java"));
    cmd.addAll(jvm);
    cmd.add("-jar");
    cmd.add(jar.toString());
    Path log = platform.workDir.resolve("logs/" + NAME + ".log");
    Files.createDirectories(log.getParent());
    ProcessBuilder pb =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    // The same process environment as our services get (ServiceProcess), for parity.
    pb.environment().putAll(io.kubeflowops.devstack.ServiceProcess.MALLOC_ENV);
    pb.environment().putAll(env());
    process = pb.start();
  }

  /** Waits for its Spring Boot health endpoint (UP includes its database) to answer 200. */
  Duration awaitReady(Duration timeout) throws IOException, InterruptedException {
    long t0 = System.nanoTime();
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();
    HttpRequest health =
        HttpRequest.newBuilder(URI.create(url() + "/actuator/health"))
            .timeout(Duration.ofSeconds(2))
            .build();
    while (System.nanoTime() - t0 < timeout.toNanos()) {
      if (!process.isAlive()) {
        throw new IOException(NAME + " exited; see " + platform.workDir.resolve("logs"));
      }
      try {
        if (http.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return Duration.ofNanos(System.nanoTime() - t0);
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(200);
    }
    throw new IOException(NAME + " not healthy after " + timeout);
  }

  String url() {
    return "http://127.0.0.1:" + port;
  }

  long pid() {
    return process.pid();
  }

  /**
   * POST /orders with the body its API takes: two items (as ours: 2 × 12.50 and 1 × 1.99, in cents)
   * and the shipping address its schema requires. It answers 200 with the stored order.
   */
  OpenLoop.Target createOrder() {
    String body =
        "{\"items\":[{\"productId\":\"BENCH-1\",\"quantity\":2,\"unitCost\":1250,\"totalCost\":2500},"
            + "{\"productId\":\"BENCH-2\",\"quantity\":1,\"unitCost\":199,\"totalCost\":199}],"
            + "\"shippingAddress\":{\"firstName\":\"Bench\",\"lastName\":\"User\","
            + "\"email\":\"bench@example.com\",\"address1\":\"1 Main Street\",\"city\":\"Seattle\","
            + "\"zipCode\":\"98101\",\"state\":\"WA\"}}";
    return new OpenLoop.Target() {
      @Override
      public HttpRequest.Builder request(long seq) {
        return HttpRequest.newBuilder(URI.create(url() + "/orders"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
      }

      @Override
      public int expectedStatus() {
        return 200;
      }

      @Override
      public void onSuccess(long seq, HttpResponse<String> response) {
        accepted.increment();
      }
    };
  }

  /** Orders it answered 200 to, warm-up included. */
  long accepted() {
    return accepted.sum();
  }

  /**
   * Messages in its queue, visible and delayed (it sends each with a 10 s delay; nothing consumes
   * them): one per accepted order shows that every answer came after a real send.
   */
  long queued() {
    try (SqsClient sqs = platform.stack.sqs.client()) {
      String url = sqs.getQueueUrl(b -> b.queueName(QUEUE)).queueUrl();
      Map<QueueAttributeName, String> a =
          sqs.getQueueAttributes(
                  b ->
                      b.queueUrl(url)
                          .attributeNames(
                              QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                              QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED,
                              QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
              .attributes();
      return a.values().stream().mapToLong(Long::parseLong).sum();
    }
  }

  @Override
  public void close() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroy();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    }
  }
}
