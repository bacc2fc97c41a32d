package io.kubeflowops.order.order;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OrderStatusTest {
  @ParameterizedTest(name = "{0} -> {1}: {2}")
  @CsvSource({
    "CREATED,PAID,true", "CREATED,CANCELLED,true", "CREATED,SHIPPED,false", "CREATED,CREATED,false",
    "PAID,SHIPPED,true", "PAID,CANCELLED,true", "PAID,CREATED,false", "PAID,PAID,false",
    "SHIPPED,CANCELLED,false", "SHIPPED,PAID,false", "SHIPPED,CREATED,false",
        "SHIPPED,SHIPPED,false",
    "CANCELLED,PAID,false", "CANCELLED,CREATED,false", "CANCELLED,SHIPPED,false",
        "CANCELLED,CANCELLED,false"
  })
  void transitions(OrderStatus from, OrderStatus to, boolean allowed) {
    assertEquals(allowed, from.canTransitionTo(to));
  }
}
