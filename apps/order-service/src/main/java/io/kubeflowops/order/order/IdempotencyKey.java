package io.kubeflowops.order.order;

import java.util.UUID;

/**
 * An Idempotency-Key in its scope: the caller that sent it (the token's subject) and the user the
 * order is for. The same value in another scope is another key.
 */
record IdempotencyKey(String caller, UUID userId, String value) {}
