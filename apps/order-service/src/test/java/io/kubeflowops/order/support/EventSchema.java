package io.kubeflowops.order.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/**
 * The order.created v1 JSON Schema from contracts/, the same file notification-service tests
 * against.
 */
public final class EventSchema {
  private static final JsonSchema SCHEMA = load();

  private EventSchema() {}

  public static Set<ValidationMessage> violations(JsonNode event) {
    return SCHEMA.validate(event);
  }

  private static JsonSchema load() {
    Path file =
        Path.of(
            System.getProperty("repo.root", "../.."), "contracts", "order-created.v1.schema.json");
    SchemaValidatorsConfig config =
        SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
    try (InputStream in = Files.newInputStream(file)) {
      return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in, config);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
