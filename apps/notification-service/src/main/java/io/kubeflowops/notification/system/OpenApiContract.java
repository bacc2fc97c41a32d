package io.kubeflowops.notification.system;

import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.headers.Header;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;

/**
 * Makes the served OpenAPI document the contract the service enforces: every error response an
 * operation declares carries the RFC 9457 problem+json schema (and its headers: {@code
 * WWW-Authenticate} on 401, {@code Retry-After} on 503), and success responses offer JSON only. The
 * operations declare which statuses they answer; this says what those answers look like.
 */
public class OpenApiContract implements OASFilter {
  private static final String PROBLEM_REF = "#/components/schemas/Problem";

  @Override
  public void filterOpenAPI(OpenAPI openApi) {
    openApi.getComponents().addSchema("Problem", problemSchema());
    openApi
        .getPaths()
        .getPathItems()
        .values()
        .forEach(item -> item.getOperations().values().forEach(OpenApiContract::describe));
  }

  private static void describe(Operation operation) {
    if (operation.getResponses() == null) {
      return;
    }
    for (Map.Entry<String, APIResponse> e : operation.getResponses().getAPIResponses().entrySet()) {
      int status = Integer.parseInt(e.getKey());
      APIResponse response = e.getValue();
      if (status >= 400) {
        response.setContent(
            OASFactory.createContent()
                .addMediaType(
                    Problem.MEDIA_TYPE,
                    OASFactory.createMediaType()
                        .schema(OASFactory.createSchema().ref(PROBLEM_REF))));
        if (status == 401) {
          response.addHeader("WWW-Authenticate", header("Bearer challenge (RFC 6750)"));
        }
        if (status == 503) {
          response.addHeader("Retry-After", header("Seconds to wait before retrying"));
        }
      } else if (response.getContent() != null) {
        Content content = response.getContent();
        content.removeMediaType(Problem.MEDIA_TYPE);
      }
    }
  }

  private static Header header(String description) {
    return OASFactory.createHeader()
        .description(description)
        .schema(OASFactory.createSchema().addType(Schema.SchemaType.STRING));
  }

  private static Schema problemSchema() {
    Schema text = OASFactory.createSchema().addType(Schema.SchemaType.STRING);
    Schema fieldError =
        OASFactory.createSchema()
            .addType(Schema.SchemaType.OBJECT)
            .required(List.of("field", "message"))
            .addProperty("field", text)
            .addProperty("message", text);
    return OASFactory.createSchema()
        .addType(Schema.SchemaType.OBJECT)
        .description("RFC 9457 problem details: the one shape of every error")
        .required(List.of("type", "title", "status"))
        .addProperty(
            "type", OASFactory.createSchema().addType(Schema.SchemaType.STRING).format("uri"))
        .addProperty("title", text)
        .addProperty(
            "status",
            OASFactory.createSchema()
                .addType(Schema.SchemaType.INTEGER)
                .minimum(java.math.BigDecimal.valueOf(400))
                .maximum(java.math.BigDecimal.valueOf(599)))
        .addProperty("detail", text)
        .addProperty("instance", text)
        .addProperty(
            "errors", OASFactory.createSchema().addType(Schema.SchemaType.ARRAY).items(fieldError));
  }
}
