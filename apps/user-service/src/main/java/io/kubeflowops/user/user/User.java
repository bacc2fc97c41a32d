package io.kubeflowops.user.user;

import java.time.Instant;
import java.util.UUID;

/** A user as the API shows it. */
public record User(UUID id, String name, String email, Instant createdAt, Instant updatedAt) {}
