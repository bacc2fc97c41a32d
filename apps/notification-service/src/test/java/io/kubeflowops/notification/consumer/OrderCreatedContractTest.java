package io.kubeflowops.notification.consumer;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.networknt.schema.JsonSchema;
import io.kubeflowops.devstack.testing.Contracts;
import io.kubeflowops.notification.testing.TestEvents;
import jakarta.validation.Validation;
import jakarta.validation.ValidatorFactory;
import java.io.IOException;
import java.util.UUID;
import java.util.stream.Stream;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The consumer side of contracts/order-created.v1.schema.json: what the tests publish is a valid
 * event, and what the schema rejects the parser rejects too.
 */
class OrderCreatedContractTest {
  private static final ObjectMapper JSON =
      JsonMapper.builder().addModule(new JavaTimeModule()).build();
  private static JsonSchema schema;
  private static ValidatorFactory validation;
  private static EventParser parser;

  @BeforeAll
  static void load() throws IOException {
    schema = Contracts.orderCreatedV1();
    validation =
        Validation.byDefaultProvider()
            .configure()
            .messageInterpolator(new ParameterMessageInterpolator())
            .buildValidatorFactory();
    parser = new EventParser(JSON, validation.getValidator());
  }

  @AfterAll
  static void close() {
    validation.close();
  }

  @Test
  void theTestEventIsValidAndParses() throws IOException {
    UUID eventId = UUID.randomUUID();
    UUID orderId = UUID.randomUUID();
    String event = TestEvents.orderCreated(eventId, orderId);

    assertThat(schema.validate(JSON.readTree(event)), is(empty()));
    OrderCreatedEvent parsed = parser.parse(event);
    assertEquals(eventId, parsed.eventId());
    assertEquals(orderId, parsed.orderId());
    assertThat(parsed.items(), hasSize(2));
  }

  static Stream<Arguments> invalidEvents() {
    return Stream.of(
        Arguments.of("missing eventId", remove("eventId")),
        Arguments.of("eventId not a uuid", set("eventId", "\"order-1\"")),
        Arguments.of("other event type", set("eventType", "\"order.paid\"")),
        Arguments.of("version 2", set("eventVersion", "2")),
        Arguments.of("occurredAt not a date-time", set("occurredAt", "\"yesterday\"")),
        Arguments.of("missing orderId", remove("orderId")),
        Arguments.of("negative total", set("total", "-1")),
        Arguments.of("total as text", set("total", "\"42.50\"")),
        Arguments.of("lower-case currency", set("currency", "\"eur\"")),
        Arguments.of("no items", set("items", "[]")),
        Arguments.of("item without sku", set("items", "[{\"quantity\":1,\"unitPrice\":1}]")),
        Arguments.of(
            "quantity zero", set("items", "[{\"sku\":\"A\",\"quantity\":0,\"unitPrice\":1}]")),
        Arguments.of("an array, not an object", "[]"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidEvents")
  void whatTheSchemaRejectsTheParserRejects(String why, String event) throws IOException {
    assertThat(
        "schema verdict on: " + why, schema.validate(JSON.readTree(event)), is(not(empty())));
    assertThrows(InvalidEvent.class, () -> parser.parse(event), why);
  }

  @Test
  void bodiesThatAreNotJsonAreRejected() {
    assertThrows(InvalidEvent.class, () -> parser.parse("not json"));
    assertThrows(InvalidEvent.class, () -> parser.parse(""));
    assertThrows(InvalidEvent.class, () -> parser.parse("null"));
  }

  @Test
  void unknownFieldsAreToleratedWhenReading() throws IOException {
    // The schema is closed for producers; the reader is lenient so a producer can add optional
    // fields first.
    String event = set("couponCode", "\"SPRING\"");
    assertThat(schema.validate(JSON.readTree(event)), is(not(empty())));
    assertNotNull(parser.parse(event).eventId());
  }

  private static String valid() {
    return TestEvents.orderCreated(UUID.randomUUID(), UUID.randomUUID());
  }

  private static String remove(String field) {
    var node = (com.fasterxml.jackson.databind.node.ObjectNode) tree(valid());
    node.remove(field);
    return node.toString();
  }

  private static String set(String field, String jsonValue) {
    var node = (com.fasterxml.jackson.databind.node.ObjectNode) tree(valid());
    node.set(field, tree(jsonValue));
    return node.toString();
  }

  private static JsonNode tree(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
