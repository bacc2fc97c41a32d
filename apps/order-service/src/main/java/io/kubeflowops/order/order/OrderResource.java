package io.kubeflowops.order.order;

import io.kubeflowops.order.system.Caller;
import io.kubeflowops.order.system.Page;
import io.kubeflowops.order.system.Params;
import io.kubeflowops.order.system.Problem;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
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
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import java.sql.SQLException;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * Orders. Every call carries a bearer token (DESIGN §9): a user places, reads, lists and cancels
 * their own orders (userId = the token's subject); paying and shipping need an admin or a service;
 * someone else's order answers 404, as an unknown one does.
 */
@Path("/orders")
@Authenticated
@Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
@Consumes({MediaType.APPLICATION_JSON, "application/merge-patch+json"})
@APIResponse(responseCode = "401", description = "No bearer token, or one that is not valid")
@APIResponse(
    responseCode = "503",
    description = "Database (or, for a new order, user-service) unavailable; nothing was written")
class OrderResource {
  /** The canonical 8-4-4-4-12 form that Params.uuid accepts. */
  private static final String UUID_PATTERN =
      "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$";

  private static final java.util.regex.Pattern KEY =
      java.util.regex.Pattern.compile("[\\x21-\\x7E]{1,255}");

  private static final String IDEMPOTENCY_KEY = "Idempotency-Key";

  private final OrderService service;
  private final OrderRepository orders;
  private final SecurityIdentity identity;

  OrderResource(OrderService service, OrderRepository orders, SecurityIdentity identity) {
    this.service = service;
    this.orders = orders;
    this.identity = identity;
  }

  @POST
  @Operation(
      summary = "Create an order for an existing user",
      description =
          "A user orders for themselves (userId = the token's subject); an admin or a service for"
              + " anyone. The user is checked at user-service first.")
  @APIResponse(
      responseCode = "201",
      description = "Created (or the stored result of an earlier identical request)",
      headers = {
        @Header(name = "Location", schema = @Schema(type = SchemaType.STRING)),
        @Header(
            name = "Idempotent-Replayed",
            description = "true when this is the stored answer to an earlier request",
            schema = @Schema(type = SchemaType.STRING))
      },
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = Order.class)))
  @APIResponse(
      responseCode = "400",
      description = "Malformed JSON, a field that is not valid, or a bad Idempotency-Key")
  @APIResponse(responseCode = "403", description = "A user ordering for someone else")
  @APIResponse(responseCode = "413", description = "Body larger than 16 KiB")
  @APIResponse(responseCode = "415", description = "Body is not JSON")
  @APIResponse(
      responseCode = "422",
      description = "Unknown user, or Idempotency-Key reused with another body")
  public Response create(
      @Parameter(
              description =
                  "Retries with the same key and body return the first result (201 with"
                      + " Idempotent-Replayed: true); the same key with another body is 422. Scope: a"
                      + " key belongs to the caller (the token's subject: the user, or a service's"
                      + " client) and to the order's userId; the same key from another caller, or for"
                      + " another user, is a different key and never returns someone else's order."
                      + " Concurrent requests with one key create one order. Expiry: a key is"
                      + " remembered for 24 hours after its first request (IDEMPOTENCY_KEY_TTL);"
                      + " afterwards it is deleted and a request with it creates a new order.",
              schema = @Schema(type = SchemaType.STRING, pattern = "^[\\x21-\\x7E]{1,255}$"))
          @HeaderParam(IDEMPOTENCY_KEY)
          String idempotencyKey,
      @Valid @NotNull CreateOrder body,
      @Context HttpHeaders headers)
      throws SQLException {
    // An empty header reaches us as no value at all; it is a malformed key, not an absent one.
    Optional<String> key =
        Optional.ofNullable(idempotencyKey)
            .or(
                () ->
                    headers.getRequestHeaders().containsKey(IDEMPOTENCY_KEY)
                        ? Optional.of("")
                        : Optional.empty());
    if (key.isPresent() && !KEY.matcher(key.get()).matches()) {
      throw OrderProblems.badIdempotencyKey();
    }
    Caller caller = Caller.of(identity);
    if (!caller.privileged() && !caller.is(body.userId())) {
      throw OrderProblems.notYourOrder();
    }
    OrderService.Created result =
        service.create(body, key.map(k -> new IdempotencyKey(caller.subject(), body.userId(), k)));
    Response.ResponseBuilder r =
        Response.created(UriBuilder.fromPath("/orders/{id}").build(result.order().id()))
            .entity(result.order());
    return result.replayed() ? r.header("Idempotent-Replayed", "true").build() : r.build();
  }

  @GET
  @Path("/{id}")
  @Operation(summary = "Get an order: your own, or any as an admin or a service")
  @APIResponse(responseCode = "200", description = "The order")
  @APIResponse(responseCode = "400", description = "id is not a UUID")
  @APIResponse(responseCode = "404", description = "No such order, or not yours")
  public Order get(
      @Parameter(
              schema = @Schema(type = SchemaType.STRING, format = "uuid", pattern = UUID_PATTERN))
          @PathParam("id")
          String id)
      throws SQLException {
    return service.get(Params.uuid(id, "id"), Caller.of(identity));
  }

  @GET
  @Operation(
      summary = "List orders, oldest first, optionally of one user",
      description =
          "A user lists their own orders (userId absent or their own); an admin or a service any"
              + " user's, or all. Paging is capped: page ≤ 100 and size ≤ 100.")
  @APIResponse(responseCode = "200", description = "One page of orders")
  @APIResponse(
      responseCode = "400",
      description = "userId is not a UUID, or page/size out of range")
  @APIResponse(responseCode = "403", description = "A user listing someone else's orders")
  public Page<Order> list(
      @Parameter(
              schema = @Schema(type = SchemaType.STRING, format = "uuid", pattern = UUID_PATTERN))
          @QueryParam("userId")
          String userId,
      @Parameter(
              description = "0-based page number",
              schema =
                  @Schema(
                      type = SchemaType.INTEGER,
                      minimum = "0",
                      maximum = "100",
                      defaultValue = "0"))
          @QueryParam("page")
          String page,
      @Parameter(
              description = "Page size",
              schema =
                  @Schema(
                      type = SchemaType.INTEGER,
                      minimum = "1",
                      maximum = "100",
                      defaultValue = "20"))
          @QueryParam("size")
          String size)
      throws SQLException {
    Optional<UUID> user = Optional.ofNullable(userId).map(s -> Params.uuid(s, "userId"));
    Caller caller = Caller.of(identity);
    if (!caller.privileged()) {
      // A user lists their own orders, with or without naming themselves.
      if (user.isPresent() && !caller.is(user.get())) {
        throw OrderProblems.notYourOrders();
      }
      user = Optional.of(caller.userId().orElseThrow(OrderProblems::notYourOrders));
    }
    int p = Params.integer(page, "page", 0, 0, Page.MAX_PAGE);
    int s = Params.integer(size, "size", 20, 1, Page.MAX_SIZE);
    return new Page<>(orders.list(user, p, s), p, s, orders.count(user));
  }

  @PATCH
  @Path("/{id}")
  @Operation(
      summary = "Move an order to its next status (CREATED → PAID → SHIPPED, or → CANCELLED)")
  @APIResponse(responseCode = "200", description = "The order in its new status")
  @APIResponse(
      responseCode = "400",
      description = "id is not a UUID, malformed JSON or an unknown status")
  @APIResponse(
      responseCode = "403",
      description = "A user asking for PAID or SHIPPED (only an admin or a service may)")
  @APIResponse(responseCode = "404", description = "No such order, or not yours")
  @APIResponse(responseCode = "409", description = "Illegal transition")
  @APIResponse(responseCode = "413", description = "Body larger than 16 KiB")
  @APIResponse(responseCode = "415", description = "Body is not JSON")
  public Order changeStatus(
      @Parameter(
              schema = @Schema(type = SchemaType.STRING, format = "uuid", pattern = UUID_PATTERN))
          @PathParam("id")
          String id,
      @Valid @NotNull StatusChange body) {
    return service.changeStatus(Params.uuid(id, "id"), body.status(), Caller.of(identity));
  }
}
