package io.kubeflowops.order.user;

import io.quarkus.oidc.client.filter.OidcClientFilter;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import java.util.UUID;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * user-service over REST (base URL: USER_SERVICE_URL), as order-service itself: every call carries
 * a client-credentials token of its own service identity (quarkus.oidc-client, fetched and renewed
 * by the filter). Statuses are read by the caller, not turned into exceptions.
 */
@RegisterRestClient(configKey = "user-service")
@OidcClientFilter
@Path("/users")
public interface UserServiceClient {
  @GET
  @Path("/{id}")
  Response find(@PathParam("id") UUID id);
}
