package io.kubeflowops.notification.notification;

import io.kubeflowops.notification.system.Params;
import io.kubeflowops.notification.system.Problem;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

@Path("/notifications")
@Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
class NotificationResource {
  private final NotificationStore store;

  NotificationResource(NotificationStore store) {
    this.store = store;
  }

  @GET
  @Operation(summary = "List the notifications sent for an order, oldest first")
  @APIResponse(responseCode = "200", description = "The notifications; empty for an unknown order")
  @APIResponse(responseCode = "400", description = "orderId missing or not a UUID")
  @APIResponse(responseCode = "503", description = "Redis is unreachable")
  public NotificationList list(
      @Parameter(description = "The order's id (UUID)", required = true) @QueryParam("orderId")
          String orderId) {
    UUID id = Params.requiredUuid(orderId, "orderId");
    try {
      return new NotificationList(store.forOrder(id));
    } catch (RuntimeException e) {
      throw NotificationProblems.storeUnavailable(e);
    }
  }
}
