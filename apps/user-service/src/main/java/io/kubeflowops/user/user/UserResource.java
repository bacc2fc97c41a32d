package io.kubeflowops.user.user;

import io.kubeflowops.user.system.Page;
import io.kubeflowops.user.system.Params;
import io.kubeflowops.user.system.Problem;
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
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

@Path("/users")
@Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
@Consumes(MediaType.APPLICATION_JSON)
class UserResource {
  private final UserRepository users;
  private final Clock clock;

  UserResource(UserRepository users) {
    this.users = users;
    this.clock = Clock.systemUTC();
  }

  @POST
  @Operation(summary = "Create a user")
  @APIResponse(responseCode = "201", description = "Created; Location points at the user")
  @APIResponse(responseCode = "409", description = "Email already in use")
  public Response create(@Valid @NotNull UserRequest body) throws SQLException {
    UserRequest r = body.normalized();
    Instant now = now();
    User user =
        users
            .insert(new User(UUID.randomUUID(), r.name(), r.email(), now, now))
            .orElseThrow(UserProblems::duplicateEmail);
    return Response.created(UriBuilder.fromPath("/users/{id}").build(user.id()))
        .entity(user)
        .build();
  }

  @GET
  @Path("/{id}")
  @Operation(summary = "Get a user")
  public User get(@PathParam("id") String id) throws SQLException {
    UUID uuid = Params.uuid(id, "id");
    return users.find(uuid).orElseThrow(() -> UserProblems.notFound(uuid));
  }

  @GET
  @Operation(summary = "List users, oldest first")
  public Page<User> list(@QueryParam("page") String page, @QueryParam("size") String size)
      throws SQLException {
    int p = Params.integer(page, "page", 0, 0, 1_000_000);
    int s = Params.integer(size, "size", 20, 1, 100);
    return new Page<>(users.list(p, s), p, s, users.count());
  }

  @PUT
  @Path("/{id}")
  @Operation(summary = "Replace a user's name and email")
  public User update(@PathParam("id") String id, @Valid @NotNull UserRequest body)
      throws SQLException {
    UUID uuid = Params.uuid(id, "id");
    return users
        .update(uuid, body.normalized(), now())
        .orElseThrow(() -> UserProblems.notFound(uuid));
  }

  @DELETE
  @Path("/{id}")
  @Operation(summary = "Delete a user")
  @APIResponse(responseCode = "204", description = "Deleted")
  public Response delete(@PathParam("id") String id) throws SQLException {
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
