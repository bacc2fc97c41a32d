package io.kubeflowops.order.user;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import java.util.UUID;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * user-service over REST (base URL: USER_SERVICE_URL). Statuses are read by the caller, not turned
 * into exceptions.
 */
@RegisterRestClient(configKey = "user-service")
@Path("/users")
public interface UserServiceClient {
  @GET
  @Path("/{id}")
  Response find(@PathParam("id") UUID id);
}
