package io.kubeflowops.notification.notification;

import io.kubeflowops.notification.system.Caller;
import io.kubeflowops.notification.system.Params;
import io.kubeflowops.notification.system.Problem;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * What was sent, for demos and tests. Every call carries a bearer token (DESIGN §9): a user sees
 * the notifications sent to them, an admin or a service all of them; someone else's order looks
 * like one with no notification yet.
 */
@Path("/notifications")
@Authenticated
@Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
class NotificationResource {
  private final NotificationStore store;
  private final SecurityIdentity identity;

  NotificationResource(NotificationStore store, SecurityIdentity identity) {
    this.store = store;
    this.identity = identity;
  }

  @GET
  @Operation(summary = "List the notifications sent for an order, oldest first")
  @APIResponse(
      responseCode = "200",
      description =
          "The notifications sent to you (all of them for an admin or a service); empty for an"
              + " unknown order or someone else's")
  @APIResponse(responseCode = "400", description = "orderId missing or not a UUID")
  @APIResponse(responseCode = "401", description = "No bearer token, or one that is not valid")
  @APIResponse(responseCode = "503", description = "PostgreSQL is unreachable")
  public NotificationList list(
      @Parameter(
              description = "The order's id (UUID)",
              required = true,
              schema =
                  @Schema(
                      type = SchemaType.STRING,
                      format = "uuid",
                      pattern =
                          "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"))
          @QueryParam("orderId")
          String orderId) {
    UUID id = Params.requiredUuid(orderId, "orderId");
    Caller caller = Caller.of(identity);
    try {
      return new NotificationList(
          store.forOrder(id).stream()
              .filter(n -> caller.privileged() || caller.is(n.userId()))
              .toList());
    } catch (RuntimeException e) {
      throw NotificationProblems.storeUnavailable(e);
    }
  }
}
