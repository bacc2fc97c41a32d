package io.kubeflowops.bench;

import io.kubeflowops.devstack.SqsServer;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * ElasticMQ in its own JVM, so its CPU and memory are measured apart from the load generator and so
 * a fault can stop it like any other process. Arguments: port, visibility timeout in seconds, and
 * optionally a data directory (queues and messages then survive a stop and start, as in SQS).
 */
public final class SqsMain {
  private SqsMain() {}

  public static void main(String[] args) throws Exception {
    SqsServer server =
        new SqsServer(
            Integer.parseInt(args[0]),
            Integer.parseInt(args[1]),
            args.length > 2 ? Path.of(args[2]) : null);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.stop();
                  stopped.countDown();
                }));
    server.start();
    System.out.println("sqs ready on " + server.endpointUrl());
    stopped.await();
  }
}
