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
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
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
  public Outcome publish(List<OutboxEvent> batch) {
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
    Set<UUID> accepted =
        response.successful().stream().map(s -> byEntryId.get(s.id())).collect(Collectors.toSet());
    Map<UUID, Refusal> refused = new HashMap<>();
    for (BatchResultErrorEntry f : response.failed()) {
      refused.put(
          byEntryId.get(f.id()),
          new Refusal(f.code(), String.valueOf(f.message()), Boolean.TRUE.equals(f.senderFault())));
    }
    // SQS answers for every entry; one it left out is treated as a failure on its side, retried.
    for (UUID id : byEntryId.values()) {
      if (!accepted.contains(id) && !refused.containsKey(id)) {
        refused.put(id, new Refusal("NoResult", "SQS reported no result for this entry", false));
      }
    }
    return new Outcome(accepted, refused);
  }

  private static MessageAttributeValue text(String value) {
    return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
  }

  @PreDestroy
  void close() {
    sqs.close();
  }
}
