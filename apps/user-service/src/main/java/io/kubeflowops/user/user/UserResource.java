package io.kubeflowops.user.user;

import io.kubeflowops.user.system.Caller;
import io.kubeflowops.user.system.Page;
import io.kubeflowops.user.system.Params;
import io.kubeflowops.user.system.Problem;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * Users. Every call carries a bearer token (DESIGN §9): a user registers, reads and changes only
 * their own record, whose id is their token's subject; listing and deleting need an admin;
 * order-service reads users with its service identity. Another user's record answers 404, as an
 * unknown one does, so ids do not leak.
 */
@Path("/users")
@Authenticated
@Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
@Consumes(MediaType.APPLICATION_JSON)
@APIResponse(responseCode = "401", description = "No bearer token, or one that is not valid")
@APIResponse(
    responseCode = "503",
    description = "Database unavailable; nothing was written; retry after Retry-After")
class UserResource {
  /** The canonical 8-4-4-4-12 form that Params.uuid accepts. */
  private static final String UUID_PATTERN =
      "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$";

  private final UserRepository users;
  private final SecurityIdentity identity;
  private final Clock clock;

  UserResource(UserRepository users, SecurityIdentity identity) {
    this.users = users;
    this.identity = identity;
    this.clock = Clock.systemUTC();
  }

  @POST
  @Operation(
      summary = "Register a user",
      description =
          "A user registers themselves: the new record's id is their token's subject. An admin"
              + " registers someone new under a fresh id.")
  @APIResponse(
      responseCode = "201",
      description = "Created; Location points at the user",
      headers = @Header(name = "Location", schema = @Schema(type = SchemaType.STRING)),
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = User.class)))
  @APIResponse(responseCode = "400", description = "Malformed JSON or a field that is not valid")
  @APIResponse(responseCode = "403", description = "The token's subject is not a user id")
  @APIResponse(
      responseCode = "409",
      description = "Email already in use, or this user is already registered")
  @APIResponse(responseCode = "413", description = "Body larger than 16 KiB")
  @APIResponse(responseCode = "415", description = "Body is not application/json")
  public Response create(@Valid @NotNull UserRequest body) throws SQLException {
    UserRequest r = body.normalized();
    Instant now = now();
    // An admin onboards someone new; anyone else registers themselves, under their token's subject.
    Caller caller = Caller.of(identity);
    UUID id =
        caller.admin()
            ? UUID.randomUUID()
            : caller.userId().orElseThrow(UserProblems::subjectIsNoUser);
    User user = users.insert(new User(id, r.name(), r.email(), now, now));
    return Response.created(UriBuilder.fromPath("/users/{id}").build(user.id()))
        .entity(user)
        .build();
  }

  @GET
  @Path("/{id}")
  @Operation(summary = "Get a user: your own record, or any as an admin or a service")
  @APIResponse(responseCode = "200", description = "The user")
  @APIResponse(responseCode = "400", description = "id is not a UUID")
  @APIResponse(responseCode = "404", description = "No such user, or not yours")
  public User get(
      @Parameter(
              schema = @Schema(type = SchemaType.STRING, format = "uuid", pattern = UUID_PATTERN))
          @PathParam("id")
          String id)
      throws SQLException {
    UUID uuid = Params.uuid(id, "id");
    Caller caller = Caller.of(identity);
    if (!caller.privileged() && !caller.is(uuid)) {
      throw UserProblems.notFound(uuid);
    }
    return users.find(uuid).orElseThrow(() -> UserProblems.notFound(uuid));
  }

  @GET
  @RolesAllowed({Caller.ADMIN, Caller.SERVICE})
  @Operation(
      summary = "List users, oldest first (admin or service)",
      description =
          "Paging is capped: page ≤ 100 and size ≤ 100, so a list reads at most the first 10,100"
              + " rows and deep paging cannot scan the table.")
  @APIResponse(responseCode = "200", description = "One page of users")
  @APIResponse(responseCode = "400", description = "page or size out of range")
  @APIResponse(responseCode = "403", description = "Needs an admin or a service")
  public Page<User> list(
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
    int p = Params.integer(page, "page", 0, 0, Page.MAX_PAGE);
    int s = Params.integer(size, "size", 20, 1, Page.MAX_SIZE);
    return new Page<>(users.list(p, s), p, s, users.count());
  }

  @PUT
  @Path("/{id}")
  @Operation(summary = "Replace a user's name and email: your own, or any as an admin")
  @APIResponse(responseCode = "200", description = "The updated user")
  @APIResponse(
      responseCode = "400",
      description = "id is not a UUID, malformed JSON or a field that is not valid")
  @APIResponse(responseCode = "404", description = "No such user, or not yours")
  @APIResponse(responseCode = "409", description = "Email already in use")
  @APIResponse(responseCode = "413", description = "Body larger than 16 KiB")
  @APIResponse(responseCode = "415", description = "Body is not application/json")
  public User update(
      @Parameter(
              schema = @Schema(type = SchemaType.STRING, format = "uuid", pattern = UUID_PATTERN))
          @PathParam("id")
          String id,
      @Valid @NotNull UserRequest body)
      throws SQLException {
    UUID uuid = Params.uuid(id, "id");
    Caller caller = Caller.of(identity);
    if (!caller.admin() && !caller.is(uuid)) {
      throw UserProblems.notFound(uuid);
    }
    return users
        .update(uuid, body.normalized(), now())
        .orElseThrow(() -> UserProblems.notFound(uuid));
  }

  @DELETE
  @Path("/{id}")
  @RolesAllowed(Caller.ADMIN)
  @Operation(summary = "Delete a user (admin)")
  @APIResponse(responseCode = "204", description = "Deleted")
  @APIResponse(responseCode = "400", description = "id is not a UUID")
  @APIResponse(responseCode = "403", description = "Needs an admin")
  @APIResponse(responseCode = "404", description = "No such user")
  public Response delete(
      @Parameter(
              schema = @Schema(type = SchemaType.STRING, format = "uuid", pattern = UUID_PATTERN))
          @PathParam("id")
          String id)
      throws SQLException {
    UUID uuid = Params.uuid(id, "id");
    if (!users.delete(uuid)) {
      throw UserProblems.notFound(uuid);
    }
    return Response.noContent().build();
  }

  private Instant now() {
    // PostgreSQL keeps microseconds; truncating here makes the response equal what a later GET
    // returns.
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }
}
