package io.kubeflowops.order.outbox;

import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import java.util.HashMap;
import java.util.Map;

/**
 * The W3C traceparent of the current span, stored with an event so the consumer joins the same
 * trace.
 */
public final class TraceContext {
  private TraceContext() {}

  public static String currentTraceparent() {
    Map<String, String> carrier = new HashMap<>();
    W3CTraceContextPropagator.getInstance().inject(Context.current(), carrier, Map::put);
    return carrier.get("traceparent");
  }
}
