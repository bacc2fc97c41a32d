package io.kubeflowops.bench;

import io.kubeflowops.devstack.SqsServer;
import java.util.concurrent.CountDownLatch;

/**
 * ElasticMQ in its own JVM, so its CPU and memory are measured apart from the load generator's.
 * Arguments: port, visibility timeout in seconds.
 */
public final class SqsMain {
  private SqsMain() {}

  public static void main(String[] args) throws Exception {
    SqsServer server = new SqsServer(Integer.parseInt(args[0]), Integer.parseInt(args[1]));
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
