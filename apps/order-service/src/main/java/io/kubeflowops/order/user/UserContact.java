package io.kubeflowops.order.user;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.UUID;

/**
 * What order-service reads of a user record: who they are and where the order confirmation goes
 * (the order.created event carries the address, so the notification needs no second lookup).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record UserContact(UUID id, String email) {}
