package io.kubeflowops.user.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class ParamsTest {
  @Test
  void parsesCanonicalUuidsOnly() {
    UUID id = UUID.randomUUID();
    assertEquals(id, Params.uuid(id.toString(), "id"));
    ApiException e = assertThrows(ApiException.class, () -> Params.uuid("1-1-1-1-1", "id"));
    assertEquals(400, e.status());
    assertThrows(ApiException.class, () -> Params.uuid(null, "id"));
    assertThrows(ApiException.class, () -> Params.uuid(id + "0", "id"));
    assertThrows(
        ApiException.class, () -> Params.uuid("0000000-0000-0000-0000-0000000000000", "id"));
  }

  @Test
  void integersFallBackWhenAbsentAndRejectOutOfRangeOrOddForms() {
    assertEquals(20, Params.integer(null, "size", 20, 1, 100));
    assertEquals(5, Params.integer("5", "size", 20, 1, 100));
    // The OpenAPI document says integer: a blank, spaces, a sign or non-ASCII digits are not one.
    for (String odd : new String[] {"", " 5 ", "+5", "\u0665", "5.0"}) {
      assertThrows(ApiException.class, () -> Params.integer(odd, "size", 20, 1, 100), odd);
    }
    assertEquals(
        "size must be an integer between 1 and 100",
        assertThrows(ApiException.class, () -> Params.integer("101", "size", 20, 1, 100))
            .getMessage());
    assertThrows(ApiException.class, () -> Params.integer("1e3", "size", 20, 1, 100));
  }
}
