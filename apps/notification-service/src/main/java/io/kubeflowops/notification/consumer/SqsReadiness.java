package io.kubeflowops.notification.consumer;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only while the queue is reachable (Redis has the client's built-in readiness check). */
@Readiness
@ApplicationScoped
class SqsReadiness implements HealthCheck {
  private final OrderEventQueue queue;

  SqsReadiness(OrderEventQueue queue) {
    this.queue = queue;
  }

  @Override
  public HealthCheckResponse call() {
    return HealthCheckResponse.named("sqs").status(queue.reachable()).build();
  }
}
