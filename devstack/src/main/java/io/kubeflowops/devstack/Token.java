package io.kubeflowops.devstack;

import io.kubeflowops.devstack.testing.Tokens;
import java.io.PrintStream;
import java.util.UUID;

/**
 * {@code make token}: prints a bearer token of the local issuer, and nothing else, on stdout.
 * {@code ROLE=admin} for an admin, {@code USER=<uuid>} for a given user (else a new user id). What
 * the token is for goes to stderr.
 */
public final class Token {
  private Token() {}

  public static void main(String[] args) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    String role = env("TOKEN_ROLE", "user");
    String user = env("TOKEN_USER", "");
    if (!role.equals("user") && !role.equals("admin")) {
      err.println("error: ROLE must be user or admin, not '" + role + "'");
      System.exit(2);
    }
    UUID id;
    try {
      id = user.isEmpty() ? UUID.randomUUID() : UUID.fromString(user);
    } catch (IllegalArgumentException e) {
      err.println("error: USER must be a user id (a UUID), not '" + user + "'");
      System.exit(2);
      return;
    }
    Tokens tokens = Tokens.local();
    try {
      String token = role.equals("admin") ? tokens.admin(id) : tokens.user(id);
      out.println(token);
      err.println(
          "token for "
              + role
              + " "
              + id
              + " from "
              + tokens.issuer()
              + ", valid 1 h: curl -H \"Authorization: Bearer $TOKEN\" ...");
    } catch (RuntimeException e) {
      err.println(
          "error: "
              + e.getMessage()
              + " — is `make run` up (it starts the issuer on OIDC_PORT, 8090 by default)?");
      System.exit(1);
    }
  }

  private static String env(String name, String fallback) {
    String v = System.getenv(name);
    return v == null || v.isBlank() ? fallback : v.strip();
  }
}
