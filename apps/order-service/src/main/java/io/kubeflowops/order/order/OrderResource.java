package io.kubeflowops.order.order;

import io.kubeflowops.order.system.Page;
import io.kubeflowops.order.system.Params;
import io.kubeflowops.order.system.Problem;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import java.sql.SQLException;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

@Path("/orders")
@Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
@Consumes({MediaType.APPLICATION_JSON, "application/merge-patch+json"})
class OrderResource {
  private static final java.util.regex.Pattern KEY =
      java.util.regex.Pattern.compile("[\\x21-\\x7E]{1,255}");

  private final OrderService service;
  private final OrderRepository orders;

  OrderResource(OrderService service, OrderRepository orders) {
    this.service = service;
    this.orders = orders;
  }

  @POST
  @Operation(summary = "Create an order for an existing user")
  @APIResponse(
      responseCode = "201",
      description = "Created (or the stored result of an earlier identical request)")
  @APIResponse(
      responseCode = "422",
      description = "Unknown user, or Idempotency-Key reused with another body")
  @APIResponse(
      responseCode = "503",
      description = "user-service unavailable; nothing written; see Retry-After")
  public Response create(
      @HeaderParam("Idempotency-Key") String idempotencyKey, @Valid @NotNull CreateOrder body)
      throws SQLException {
    Optional<String> key = Optional.ofNullable(idempotencyKey);
    if (key.isPresent() && !KEY.matcher(key.get()).matches()) {
      throw OrderProblems.badIdempotencyKey();
    }
    OrderService.Created result = service.create(body, key);
    Response.ResponseBuilder r =
        Response.created(UriBuilder.fromPath("/orders/{id}").build(result.order().id()))
            .entity(result.order());
    return result.replayed() ? r.header("Idempotent-Replayed", "true").build() : r.build();
  }

  @GET
  @Path("/{id}")
  @Operation(summary = "Get an order")
  public Order get(@PathParam("id") String id) throws SQLException {
    return service.get(Params.uuid(id, "id"));
  }

  @GET
  @Operation(summary = "List orders, oldest first, optionally of one user")
  public Page<Order> list(
      @QueryParam("userId") String userId,
      @QueryParam("page") String page,
      @QueryParam("size") String size)
      throws SQLException {
    Optional<UUID> user =
        Optional.ofNullable(userId).filter(s -> !s.isBlank()).map(s -> Params.uuid(s, "userId"));
    int p = Params.integer(page, "page", 0, 0, 1_000_000);
    int s = Params.integer(size, "size", 20, 1, 100);
    return new Page<>(orders.list(user, p, s), p, s, orders.count(user));
  }

  @PATCH
  @Path("/{id}")
  @Operation(
      summary = "Move an order to its next status (CREATED → PAID → SHIPPED, or → CANCELLED)")
  @APIResponse(responseCode = "409", description = "Illegal transition")
  public Order changeStatus(@PathParam("id") String id, @Valid @NotNull StatusChange body) {
    return service.changeStatus(Params.uuid(id, "id"), body.status());
  }
}
