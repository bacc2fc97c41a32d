package io.kubeflowops.order.user;

import io.quarkus.oidc.client.OidcClientException;
import io.vertx.core.VertxException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.Response;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * Does a user exist, and what is their address? A GET is idempotent, so it is retried (twice, with
 * jittered backoff) under a per-attempt timeout; a circuit breaker stops calling a user-service
 * that keeps failing and lets a probe through after a delay.
 */
@ApplicationScoped
public class UserDirectory {
  private final UserServiceClient client;

  UserDirectory(@RestClient UserServiceClient client) {
    this.client = client;
  }

  @Retry(
      maxRetries = 2,
      delay = 100,
      jitter = 50,
      maxDuration = 5,
      durationUnit = ChronoUnit.SECONDS,
      retryOn = {UserServiceUnavailableException.class, TimeoutException.class},
      abortOn = CircuitBreakerOpenException.class)
  @CircuitBreaker(
      requestVolumeThreshold = 6,
      failureRatio = 0.5,
      delay = 10,
      delayUnit = ChronoUnit.SECONDS,
      successThreshold = 2)
  @Timeout(value = 1500)
  public Optional<UserContact> find(UUID id) {
    try (Response r = client.find(id)) {
      return switch (r.getStatus()) {
        case 200 -> Optional.of(r.readEntity(UserContact.class));
        case 404 -> Optional.empty();
        // 401/403 mean our service identity is not accepted: a misconfiguration, retried like an
        // outage and answered 503, never taken as "no such user".
        default ->
            throw new UserServiceUnavailableException(
                "user-service answered " + r.getStatus(), null);
      };
    } catch (ProcessingException | VertxException e) {
      // VertxException: a transport failure the client did not wrap, e.g. HttpClosedException when
      // a pooled keep-alive connection is closed by user-service just as it is reused.
      throw new UserServiceUnavailableException("user-service unreachable: " + e.getMessage(), e);
    } catch (OidcClientException e) {
      // No service token (the issuer is down or refuses the client): the user cannot be checked.
      throw new UserServiceUnavailableException("no service token: " + e.getMessage(), e);
    }
  }
}
