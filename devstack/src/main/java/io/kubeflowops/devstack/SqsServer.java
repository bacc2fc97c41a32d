package io.kubeflowops.devstack;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.Props;
import org.apache.pekko.pattern.Patterns;
import org.elasticmq.StrictSQSLimits$;
import org.elasticmq.actor.QueueManagerActor;
import org.elasticmq.actor.queue.QueueEvent;
import org.elasticmq.persistence.sql.SqlQueuePersistenceConfig;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.elasticmq.rest.sqs.TheSQSRestServerBuilder;
import org.elasticmq.util.NowProvider;
import scala.Option;
import scala.concurrent.duration.FiniteDuration;
import scala.util.Either;
import scalikejdbc.ConnectionPool;
import scalikejdbc.ConnectionPoolSettings;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueNameExistsException;

/**
 * ElasticMQ, an SQS-compatible server, with the {@code order-events} queue and its dead-letter
 * queue (redrive after {@value #MAX_RECEIVE_COUNT} receives), as on AWS.
 *
 * <p>With a data directory it is durable like SQS: ElasticMQ's SQL message storage commits every
 * queue (with its redrive policy) and every message change (receive count, visibility) to an H2
 * database there before it answers, so a stop and a start on the same directory serve the same
 * messages. H2 writes its file at most ~0.5 s after a commit and on close: {@link #stop()} or a
 * SIGTERM to the JVM loses nothing, a kill -9 may lose the last half second. (H2's WRITE_DELAY=0
 * would close that gap, but grew the file by ~50 KB per message under load.) Without a data
 * directory it is a throw-away in-memory server for a single test.
 *
 * <p>ElasticMQ keeps that storage's connection pool in a JVM-wide singleton, so one JVM runs at
 * most one durable server at a time (in-memory ones are not limited). {@link QueueStore} wraps the
 * storage to repair what it would otherwise lose around dead-letter moves.
 */
public final class SqsServer implements Server {
  public static final String QUEUE = "order-events";
  public static final String DLQ = "order-events-dlq";
  public static final int MAX_RECEIVE_COUNT = 5;
  public static final String REGION = "eu-west-1";

  private static final Duration RESTORE_TIMEOUT = Duration.ofSeconds(30);

  /** The data directory of the durable server running in this JVM, if any. */
  private static Path durableRunning;

  private final int port;
  private final int visibilityTimeoutSeconds;
  private final Path dataDir;
  private ActorSystem actors;
  private boolean storageOpen;
  private SQSRestServer server;

  /** An in-memory server: a restart starts with empty queues. */
  public SqsServer(int port, int visibilityTimeoutSeconds) {
    this(port, visibilityTimeoutSeconds, null);
  }

  /**
   * A server whose queues and messages survive a restart in {@code dataDir} (created if missing).
   */
  public SqsServer(int port, int visibilityTimeoutSeconds, Path dataDir) {
    this.port = port;
    this.visibilityTimeoutSeconds = visibilityTimeoutSeconds;
    this.dataDir = dataDir == null ? null : dataDir.toAbsolutePath();
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
    TheSQSRestServerBuilder builder =
        SQSRestServerBuilder.withPort(port)
            .withInterface("127.0.0.1")
            .withServerAddress(new org.elasticmq.NodeAddress("http", "127.0.0.1", port, ""));
    if (dataDir != null) {
      builder = durable(builder);
    }
    try {
      server = builder.start();
      server.waitUntilStarted();
      createQueues();
    } catch (RuntimeException e) {
      stop();
      throw new IOException("could not start the SQS server on port " + port, e);
    }
  }

  /**
   * What ElasticMQ's stand-alone server does for {@code messages-storage { enabled = true }}: a
   * persistence actor listens to every queue and message change, and the queues and messages it
   * stored are restored (dead-letter queues first) before the port opens.
   */
  private TheSQSRestServerBuilder durable(TheSQSRestServerBuilder builder) throws IOException {
    synchronized (SqsServer.class) {
      if (durableRunning != null) {
        throw new IOException(
            "a durable SQS server already runs in this JVM (data in "
                + durableRunning
                + "); ElasticMQ's message storage is one per JVM");
      }
      durableRunning = dataDir;
    }
    storageOpen = true;
    try {
      Files.createDirectories(dataDir);
      SqlQueuePersistenceConfig storage =
          new SqlQueuePersistenceConfig(
              true, "org.h2.Driver", "jdbc:h2:file:" + dataDir.resolve("elasticmq"), "", "", false);
      openPool(storage);
      actors = ActorSystem.create("elasticmq");
      ActorRef store = actors.actorOf(QueueStore.props(storage), "queue-store");
      ActorRef queues =
          actors.actorOf(
              Props.create(
                  QueueManagerActor.class,
                  () ->
                      new QueueManagerActor(
                          new NowProvider(), StrictSQSLimits$.MODULE$, Option.apply(store))));
      Object restored =
          Patterns.ask(store, new QueueEvent.Restore(queues), RESTORE_TIMEOUT)
              .toCompletableFuture()
              .get(RESTORE_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      if (restored instanceof Either<?, ?> e && e.isLeft()) {
        throw new IOException("could not restore the queues in " + dataDir + ": " + e);
      }
      return builder.withActorSystem(actors).withQueueManagerActor(queues);
    } catch (Exception e) {
      closeStorage();
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      throw e instanceof IOException io
          ? io
          : new IOException("could not open the SQS message storage in " + dataDir, e);
    }
  }

  /**
   * (Re)points ElasticMQ's JDBC pool at this server's database. ElasticMQ opens it only for the
   * first server of the JVM; {@link #stop()} closes it so the H2 file is flushed and unlocked.
   */
  private static void openPool(SqlQueuePersistenceConfig storage) {
    ConnectionPoolSettings settings = ConnectionPool.singleton$default$4();
    ConnectionPool.singleton(
        storage.uri(),
        storage.username(),
        storage.password(),
        settings,
        ConnectionPool.singleton$default$5(
            storage.uri(), storage.username(), storage.password(), settings));
  }

  private void closeStorage() {
    if (!storageOpen) {
      return;
    }
    if (actors != null) {
      try {
        actors.terminate();
        actors.getWhenTerminated().toCompletableFuture().get(10, TimeUnit.SECONDS);
      } catch (Exception e) {
        System.getLogger("devstack").log(System.Logger.Level.DEBUG, "stopping sqs actors", e);
      }
      actors = null;
    }
    ConnectionPool.closeAll();
    synchronized (SqsServer.class) {
      durableRunning = null;
    }
    storageOpen = false;
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
      try {
        sqs.createQueue(b -> b.queueName(QUEUE).attributes(attributes));
      } catch (QueueNameExistsException storedWithOtherSettings) {
        // Restored from the data directory with another visibility timeout: keep its messages,
        // apply this server's settings.
        sqs.setQueueAttributes(b -> b.queueUrl(queueUrl()).attributes(attributes));
      }
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
    // After the HTTP side: nothing can change a queue any more when the database closes.
    closeStorage();
  }

  @Override
  public int port() {
    return port;
  }

  public String endpointUrl() {
    return "http://127.0.0.1:" + port;
  }

  public String queueUrl() {
    return endpointUrl() + "/000000000000/" + QUEUE;
  }

  public String dlqUrl() {
    return endpointUrl() + "/000000000000/" + DLQ;
  }

  @Override
  public String endpoint() {
    return queueUrl()
        + " (DLQ "
        + DLQ
        + (dataDir == null ? ")" : "; messages kept in " + dataDir + ")");
  }
}
