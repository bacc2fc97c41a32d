package io.kubeflowops.order.outbox;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.SqsClientBuilder;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

/**
 * Publishes outbox events to SQS with SendMessageBatch; trace context rides in message attributes.
 */
@ApplicationScoped
class SqsEventPublisher implements EventPublisher {
  private final SqsClient sqs;
  private final String queueUrl;

  SqsEventPublisher(SqsConfig config) {
    SqsClientBuilder b =
        SqsClient.builder()
            .region(Region.of(config.region()))
            .httpClient(
                UrlConnectionHttpClient.builder()
                    .connectionTimeout(java.time.Duration.ofSeconds(2))
                    .build())
            .overrideConfiguration(o -> o.apiCallTimeout(config.apiCallTimeout()));
    config
        .endpoint()
        .filter(e -> !e.isBlank())
        .ifPresentOrElse(
            e ->
                b.endpointOverride(URI.create(e))
                    .credentialsProvider(
                        StaticCredentialsProvider.create(
                            AwsBasicCredentials.create("local", "local"))),
            // On AWS: IRSA web identity (needs the sts module), with no static keys anywhere.
            () -> b.credentialsProvider(DefaultCredentialsProvider.builder().build()));
    this.sqs = b.build();
    this.queueUrl = config.queueUrl();
  }

  @Override
  public Set<UUID> publish(List<OutboxEvent> batch) {
    List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
    Map<String, UUID> byEntryId = new HashMap<>();
    for (int i = 0; i < batch.size(); i++) {
      OutboxEvent e = batch.get(i);
      String entryId = Integer.toString(i);
      byEntryId.put(entryId, e.id());
      Map<String, MessageAttributeValue> attributes = new HashMap<>();
      attributes.put("eventType", text(e.type()));
      if (e.traceparent() != null) {
        attributes.put("traceparent", text(e.traceparent()));
      }
      entries.add(
          SendMessageBatchRequestEntry.builder()
              .id(entryId)
              .messageBody(e.payload())
              .messageAttributes(attributes)
              .build());
    }
    SendMessageBatchResponse response =
        sqs.sendMessageBatch(b -> b.queueUrl(queueUrl).entries(entries));
    return response.successful().stream()
        .map(s -> byEntryId.get(s.id()))
        .collect(Collectors.toSet());
  }

  private static MessageAttributeValue text(String value) {
    return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
  }

  @PreDestroy
  void close() {
    sqs.close();
  }
}
