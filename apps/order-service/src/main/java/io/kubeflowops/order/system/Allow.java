package io.kubeflowops.order.system;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The methods each API path supports, for the {@code Allow} header RFC 9110 requires on a 405. From
 * {@code api.allow} (application.properties): {@code <path template> <METHOD,METHOD>} entries
 * separated by {@code ;}. The contract fuzzer's allow-header check fails if it drifts from the
 * OpenAPI document.
 */
final class Allow {
  private final Map<Pattern, String> byPath = new LinkedHashMap<>();

  Allow(String spec) {
    for (String entry : spec.split(";")) {
      String[] parts = entry.strip().split("\\s+", 2);
      if (parts.length == 2) {
        String regex = Pattern.quote(parts[0]).replace("{id}", "\\E[^/]+\\Q");
        byPath.put(Pattern.compile(regex + "/?"), parts[1].replace(",", ", "));
      }
    }
  }

  Optional<String> methods(String path) {
    return byPath.entrySet().stream()
        .filter(e -> e.getKey().matcher(path).matches())
        .map(Map.Entry::getValue)
        .findFirst();
  }
}
