package io.kubeflowops.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.kubeflowops.devstack.ServiceProcess;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The served OpenAPI documents are the contract: Schemathesis (an OpenAPI-driven property-based
 * tester) generates requests from each service's own /openapi and sends them to the running
 * service, without a token, as a user and as an admin. Every check is on (e2e/schemathesis.toml
 * narrows what they accept): a 5xx, a status or header the operation does not document, a response
 * that does not match its schema, a schema-valid request refused as invalid, or an invalid one
 * accepted, fails the build. Reports: e2e/target/schemathesis/.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ContractFuzzIT {
  private static final Pattern CASES = Pattern.compile("Test cases:\\s*(\\d+) generated");
  private static final long SEED = 20261204L;

  private Platform platform;

  @BeforeAll
  void start() throws Exception {
    platform = new Platform();
    platform.start();
  }

  @AfterAll
  void stop() throws Exception {
    if (platform != null) {
      platform.close();
    }
  }

  Stream<Arguments> runs() {
    List<Arguments> out = new ArrayList<>();
    for (String service : List.of("user-service", "order-service", "notification-service")) {
      for (String caller : List.of("anonymous", "user", "admin")) {
        out.add(Arguments.of(service, caller));
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0} as {1}")
  @MethodSource("runs")
  void theServiceKeepsItsOpenApiContract(String service, String caller) throws Exception {
    ServiceProcess s =
        Map.of(
                "user-service", platform.users,
                "order-service", platform.orders,
                "notification-service", platform.notifications)
            .get(service);
    Path reports = Path.of("target", "schemathesis", service + "-" + caller).toAbsolutePath();
    Files.createDirectories(reports);
    List<String> cmd =
        new ArrayList<>(
            List.of(
                schemathesis(),
                "--config-file",
                platform.root.resolve("e2e/schemathesis.toml").toString(),
                "--no-color",
                "run",
                s.managementUrl() + "/openapi",
                "--url",
                s.baseUrl(),
                "--checks",
                "all",
                "--max-examples",
                System.getProperty("fuzz.max-examples", "40"),
                "--seed",
                Long.toString(SEED),
                "--workers",
                "1",
                "--generation-database",
                "none",
                "--report",
                "junit",
                "--report-dir",
                reports.toString()));
    token(caller).ifPresent(t -> cmd.addAll(List.of("--header", "Authorization: Bearer " + t)));
    Path log = reports.resolve("schemathesis.log");
    Process p =
        new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    if (!p.waitFor(15, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      fail("schemathesis did not finish within 15 minutes; see " + log);
    }
    String out = Files.readString(log);
    Matcher cases = CASES.matcher(out);
    assertTrue(cases.find(), "schemathesis printed no test case count; see " + log);
    System.getLogger("e2e")
        .log(
            System.Logger.Level.INFO,
            "schemathesis " + service + " as " + caller + ": " + cases.group(1) + " test cases");
    Files.writeString(reports.resolve("cases.txt"), cases.group(1) + "\n");
    assertEquals(
        0,
        p.exitValue(),
        "schemathesis found contract violations in "
            + service
            + " as "
            + caller
            + ":\n"
            + tail(out, 120));
  }

  private Optional<String> token(String caller) {
    return switch (caller) {
      case "user" -> Optional.of(platform.tokens.user(UUID.randomUUID()));
      case "admin" -> Optional.of(platform.tokens.admin());
      default -> Optional.empty();
    };
  }

  /** The pinned CLI that `make tools` installs (on PATH in make), or SCHEMATHESIS. */
  private static String schemathesis() {
    String env = System.getenv("SCHEMATHESIS");
    if (env != null && !env.isBlank()) {
      return env;
    }
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path st = Path.of(dir, "st");
      if (Files.isExecutable(st)) {
        return st.toString();
      }
    }
    throw new IllegalStateException(
        "schemathesis (st) is not on PATH: run through make (make test-java installs it with"
            + " tools/install.sh schemathesis) or set SCHEMATHESIS to its st binary");
  }

  private static String tail(String text, int lines) {
    List<String> all = text.lines().toList();
    return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
  }
}
