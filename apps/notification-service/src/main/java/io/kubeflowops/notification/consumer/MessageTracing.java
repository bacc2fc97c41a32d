package io.kubeflowops.notification.consumer;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/**
 * Continues the producer's trace: the message's {@code traceparent} attribute becomes the parent of
 * a CONSUMER span.
 */
@ApplicationScoped
class MessageTracing {
  private static final TextMapGetter<Map<String, MessageAttributeValue>> ATTRIBUTES =
      new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, MessageAttributeValue> carrier) {
          return carrier.keySet();
        }

        @Override
        public String get(Map<String, MessageAttributeValue> carrier, String key) {
          MessageAttributeValue v = carrier == null ? null : carrier.get(key);
          return v == null ? null : v.stringValue();
        }
      };

  private final TextMapPropagator propagator;
  private final Tracer tracer;
  private final String queueName;

  MessageTracing(OpenTelemetry otel, SqsConfig config) {
    this.propagator = otel.getPropagators().getTextMapPropagator();
    this.tracer = otel.getTracer("io.kubeflowops.notification");
    String url = config.queueUrl();
    this.queueName = url.substring(url.lastIndexOf('/') + 1);
  }

  Span startProcessSpan(Message m) {
    Context parent = propagator.extract(Context.root(), m.messageAttributes(), ATTRIBUTES);
    return tracer
        .spanBuilder(queueName + " process")
        .setParent(parent)
        .setSpanKind(SpanKind.CONSUMER)
        .setAttribute("messaging.system", "aws_sqs")
        .setAttribute("messaging.operation.type", "process")
        .setAttribute("messaging.destination.name", queueName)
        .setAttribute("messaging.message.id", m.messageId())
        .startSpan();
  }
}
