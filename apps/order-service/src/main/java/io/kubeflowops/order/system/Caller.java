package io.kubeflowops.order.system;

import io.quarkus.security.identity.SecurityIdentity;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Who is calling, from the bearer token the OIDC extension verified: a user, whose id is the
 * token's subject; an admin (group {@value #ADMIN}); or a service calling with its own identity
 * (scope {@value #SERVICE}). The roles come from the token's {@code cognito:groups} and {@code
 * scope} claims (application.properties, quarkus.oidc.roles). {@code subject} is the token's
 * subject as it is: a user's id, or a service's client id.
 */
public record Caller(String subject, Optional<UUID> userId, Set<String> roles) {
  public static final String ADMIN = "admin";
  public static final String SERVICE = "kubeflow-ops/service";

  public static Caller of(SecurityIdentity identity) {
    String subject = identity.getPrincipal() instanceof JsonWebToken jwt ? jwt.getSubject() : null;
    if (subject == null || subject.isBlank()) {
      subject = identity.getPrincipal().getName();
    }
    return new Caller(subject, Params.optionalUuid(subject), identity.getRoles());
  }

  public boolean admin() {
    return roles.contains(ADMIN);
  }

  /** An admin or a service: may read every user's data. */
  public boolean privileged() {
    return admin() || roles.contains(SERVICE);
  }

  /** The caller is this user. */
  public boolean is(UUID user) {
    return userId.filter(user::equals).isPresent();
  }
}
