package io.kubeflowops.devstack;

import java.io.IOException;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import scala.concurrent.duration.FiniteDuration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * ElasticMQ, an SQS-compatible server, with the {@code order-events} queue and its dead-letter
 * queue (redrive after {@value #MAX_RECEIVE_COUNT} receives), as on AWS. Queues live in memory: a
 * restart recreates them empty. Faults that make SQS unreachable are network faults between the
 * services and this server (Toxiproxy, see {@link ToxiproxyServer}); the server itself keeps
 * running, as SQS does during a network outage.
 */
public final class SqsServer implements Server {
  public static final String QUEUE = "order-events";
  public static final String DLQ = "order-events-dlq";
  public static final int MAX_RECEIVE_COUNT = 5;
  public static final String REGION = "eu-west-1";

  private final int port;
  private final int visibilityTimeoutSeconds;
  private SQSRestServer server;

  public SqsServer(int port, int visibilityTimeoutSeconds) {
    this.port = port;
    this.visibilityTimeoutSeconds = visibilityTimeoutSeconds;
  }

  @Override
  public String name() {
    return "sqs";
  }

  @Override
  public synchronized void start() throws IOException {
    if (server != null) {
      return;
    }
    try {
      server =
          SQSRestServerBuilder.withPort(port)
              .withInterface("127.0.0.1")
              .withServerAddress(new org.elasticmq.NodeAddress("http", "127.0.0.1", port, ""))
              .start();
      server.waitUntilStarted();
      createQueues();
    } catch (RuntimeException e) {
      stop();
      throw new IOException("could not start the SQS server on port " + port, e);
    }
  }

  private void createQueues() {
    try (SqsClient sqs = client()) {
      String dlqUrl = sqs.createQueue(b -> b.queueName(DLQ)).queueUrl();
      String dlqArn =
          sqs.getQueueAttributes(
                  b -> b.queueUrl(dlqUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
              .attributes()
              .get(QueueAttributeName.QUEUE_ARN);
      String redrive =
          "{\"deadLetterTargetArn\":\""
              + dlqArn
              + "\",\"maxReceiveCount\":\""
              + MAX_RECEIVE_COUNT
              + "\"}";
      Map<QueueAttributeName, String> attributes =
          Map.of(
              QueueAttributeName.REDRIVE_POLICY,
              redrive,
              QueueAttributeName.VISIBILITY_TIMEOUT,
              Integer.toString(visibilityTimeoutSeconds));
      sqs.createQueue(b -> b.queueName(QUEUE).attributes(attributes));
    }
  }

  /** A client for this server with the dummy credentials ElasticMQ accepts. */
  public SqsClient client() {
    return SqsClient.builder()
        .endpointOverride(URI.create(endpointUrl()))
        .region(Region.of(REGION))
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
        .httpClient(UrlConnectionHttpClient.create())
        .build();
  }

  @Override
  public synchronized void stop() {
    if (server != null) {
      // Open keep-alive connections (a consumer's long poll) would hold a plain stop for ~20 s: cut
      // them first.
      try {
        scala.concurrent.Await.result(
            server.waitUntilStarted().terminate(FiniteDuration.create(1, TimeUnit.SECONDS)),
            FiniteDuration.create(5, TimeUnit.SECONDS));
      } catch (Exception e) {
        System.getLogger("devstack").log(System.Logger.Level.DEBUG, "unbinding sqs", e);
      }
      server.stopAndWait();
      server = null;
    }
  }

  @Override
  public int port() {
    return port;
  }

  public String endpointUrl() {
    return endpointUrl(port);
  }

  public String queueUrl() {
    return queueUrl(port);
  }

  /** The endpoint and queue URL on another port (a proxy in front of this server). */
  public static String endpointUrl(int port) {
    return "http://127.0.0.1:" + port;
  }

  public static String queueUrl(int port) {
    return endpointUrl(port) + "/000000000000/" + QUEUE;
  }

  public String dlqUrl() {
    return endpointUrl() + "/000000000000/" + DLQ;
  }

  @Override
  public String endpoint() {
    return queueUrl() + " (DLQ " + DLQ + ")";
  }
}
