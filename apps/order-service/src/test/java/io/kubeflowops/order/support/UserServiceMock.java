package io.kubeflowops.order.support;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.notFound;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import io.kubeflowops.devstack.Ports;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * user-service at the HTTP boundary, played by WireMock, so order-service's own tests can make it
 * answer, fail, hang or drop the connection on demand. (The end-to-end suite runs the real
 * user-service.) Known users answer 200 and anyone else 404, as user-service does; a fault is a
 * stub of higher priority that {@link #heal()} removes.
 */
public final class UserServiceMock implements QuarkusTestResourceLifecycleManager {
  private static final String USERS = "/users/[^/]+";
  private static final List<StubMapping> FAULTS = new ArrayList<>();
  private static volatile WireMockServer server;

  @Override
  public Map<String, String> start() {
    server = new WireMockServer(options().bindAddress("127.0.0.1").port(Ports.free()));
    server.start();
    server.stubFor(get(urlPathMatching(USERS)).atPriority(10).willReturn(notFound()));
    return Map.of("quarkus.rest-client.user-service.url", server.baseUrl());
  }

  /** A user the mock knows from now on. */
  public static UUID knownUser() {
    UUID id = UUID.randomUUID();
    server.stubFor(
        get(urlPathEqualTo("/users/" + id))
            .atPriority(5)
            .willReturn(
                okJson(
                    "{\"id\":\"" + id + "\",\"name\":\"Stub\",\"email\":\"stub@example.com\"}")));
    return id;
  }

  /**
   * A user the mock knows, whose lookup takes this long (within order-service's read timeout):
   * keeps concurrent requests for this user in flight together.
   */
  public static UUID knownSlowUser(int delayMillis) {
    UUID id = UUID.randomUUID();
    server.stubFor(
        get(urlPathEqualTo("/users/" + id))
            .atPriority(5)
            .willReturn(
                okJson("{\"id\":\"" + id + "\",\"name\":\"Stub\",\"email\":\"stub@example.com\"}")
                    .withFixedDelay(delayMillis)));
    return id;
  }

  /** User lookups of this user received so far. */
  public static int calls(UUID user) {
    return server
        .countRequestsMatching(getRequestedFor(urlPathEqualTo("/users/" + user)).build())
        .getCount();
  }

  /** Every user lookup answers 500. */
  public static void failWithServerErrors() {
    fault(aResponse().withStatus(500));
  }

  /** Every user lookup answers 200 after 5 s (longer than order-service waits). */
  public static void answerSlowly() {
    fault(aResponse().withStatus(200).withFixedDelay(5_000));
  }

  /** Every connection is reset by the peer: user-service is unreachable. */
  public static void resetConnections() {
    fault(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));
  }

  /**
   * Every lookup starts a 200 and the connection closes in the middle of its body (a user-service
   * pod killed while answering).
   */
  public static void closeMidBody() {
    fault(aResponse().withFault(Fault.MALFORMED_RESPONSE_CHUNK));
  }

  /** Every lookup's connection closes before any response. */
  public static void closeWithoutAnswer() {
    fault(aResponse().withFault(Fault.EMPTY_RESPONSE));
  }

  private static synchronized void fault(ResponseDefinitionBuilder response) {
    FAULTS.add(server.stubFor(get(urlPathMatching(USERS)).atPriority(1).willReturn(response)));
  }

  /** Back to answering normally. */
  public static synchronized void heal() {
    FAULTS.forEach(server::removeStub);
    FAULTS.clear();
  }

  /** User lookups received so far. */
  public static int calls() {
    return server.countRequestsMatching(getRequestedFor(urlPathMatching(USERS)).build()).getCount();
  }

  /**
   * The Authorization header of the latest user lookup (null if there was none, or it had none).
   */
  public static String lastAuthorization() {
    // Serve events come newest first.
    return server.getAllServeEvents().stream()
        .map(e -> e.getRequest())
        .filter(r -> r.getUrl().startsWith("/users/"))
        .findFirst()
        .map(r -> r.getHeader("Authorization"))
        .orElse(null);
  }

  @Override
  public void stop() {
    server.stop();
  }
}
