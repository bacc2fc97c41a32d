package io.kubeflowops.notification.consumer;

import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.SqsClientBuilder;

/**
 * The SQS client. On AWS (no endpoint set) it uses the default credentials chain, which picks up
 * the pod's IRSA web identity token; against a local SQS-compatible server it uses dummy static
 * credentials.
 */
class SqsClients {
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);

  @Produces
  @Singleton
  SqsClient sqsClient(SqsConfig config) {
    SqsClientBuilder builder =
        SqsClient.builder()
            .region(Region.of(config.region()))
            .httpClient(
                UrlConnectionHttpClient.builder()
                    .connectionTimeout(CONNECT_TIMEOUT)
                    // A long poll holds the socket for wait-time; reads must be allowed to last
                    // that long.
                    .socketTimeout(config.waitTime().plus(config.callTimeout()))
                    .build())
            .overrideConfiguration(o -> o.apiCallTimeout(config.callTimeout()));
    config
        .endpoint()
        .filter(e -> !e.isBlank())
        .ifPresentOrElse(
            e -> builder.endpointOverride(URI.create(e)).credentialsProvider(localCredentials()),
            () -> builder.credentialsProvider(DefaultCredentialsProvider.builder().build()));
    return builder.build();
  }

  void close(@Disposes SqsClient client) {
    client.close();
  }

  private static AwsCredentialsProvider localCredentials() {
    return StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));
  }
}
