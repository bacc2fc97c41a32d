package io.kubeflowops.devstack.testing;

import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The message contracts in {@code contracts/}, loaded once for the producer's, the consumer's and
 * the end-to-end tests alike (JSON Schema 2020-12, format assertions on). The build sets {@code
 * repo.root}.
 */
public final class Contracts {
  private static volatile JsonSchema orderCreatedV1;

  private Contracts() {}

  public static JsonSchema orderCreatedV1() {
    if (orderCreatedV1 == null) {
      orderCreatedV1 = load("order-created.v1.schema.json");
    }
    return orderCreatedV1;
  }

  private static JsonSchema load(String file) {
    Path path = Path.of(System.getProperty("repo.root", "."), "contracts", file);
    SchemaValidatorsConfig config =
        SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
    try (InputStream in = Files.newInputStream(path)) {
      return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in, config);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read contract " + path, e);
    }
  }
}
