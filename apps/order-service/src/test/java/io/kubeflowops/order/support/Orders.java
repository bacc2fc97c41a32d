package io.kubeflowops.order.support;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Request bodies and users for order-service tests. */
public final class Orders {
  private Orders() {}

  /** A user the mocked user-service knows. */
  public static UUID knownUser() {
    return UserServiceMock.knownUser();
  }

  public static Map<String, Object> order(UUID userId, Object items) {
    return Map.of("userId", userId.toString(), "items", items, "currency", "EUR");
  }

  public static Object oneItem() {
    return List.of(Map.of("sku", "SKU-1", "quantity", 2, "unitPrice", 9.99));
  }
}
