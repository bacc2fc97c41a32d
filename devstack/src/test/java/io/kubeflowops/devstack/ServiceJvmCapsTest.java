package io.kubeflowops.devstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A service pod is never OOM-killed at its limit only if heap + capped native areas + the rest fit
 * under it. The image's flags (apps/Dockerfile) and every Deployment's memory limit (gitops/apps/*)
 * are read here and held to that, and local runs use the image's caps.
 */
class ServiceJvmCapsTest {
  private static final Path ROOT = Path.of(System.getProperty("repo.root", ".."));

  /**
   * What the caps do not cover, measured under overload (NMT, docs/benchmarks.md "Memory"): thread
   * stacks ~10-27 MB, symbols ~13 MB, GC and compiler structures ~2 MB, the CDS archive ~14 MB,
   * plus headroom for malloc outside NMT.
   */
  private static final int REST_MIB = 64;

  private static String entrypoint() throws IOException {
    String text = Files.readString(ROOT.resolve("apps/Dockerfile")).replace("\\\n", " ");
    Matcher m = Pattern.compile("(?m)^ENTRYPOINT\\s+\\[(.*)]\\s*$").matcher(text);
    assertTrue(m.find(), "apps/Dockerfile has an exec-form ENTRYPOINT");
    return m.group(1);
  }

  private static int flagMib(String flags, String name) {
    Matcher m = Pattern.compile(Pattern.quote(name) + "=(\\d+)m").matcher(flags);
    assertTrue(m.find(), "the image sets " + name);
    return Integer.parseInt(m.group(1));
  }

  @Test
  void theImageSetsEveryCapLocalRunsUse() throws IOException {
    String flags = entrypoint();
    for (String cap : ServiceProcess.MEMORY_CAPS) {
      assertTrue(flags.contains('"' + cap + '"'), "apps/Dockerfile ENTRYPOINT has " + cap);
    }
    assertTrue(flags.contains("\"-XX:+UseSerialGC\""), "the image chooses SerialGC explicitly");
    assertTrue(ServiceProcess.LOCAL_JVM.contains("-XX:+UseSerialGC"), "so do local runs");
    String dockerfile = Files.readString(ROOT.resolve("apps/Dockerfile"));
    assertTrue(dockerfile.contains("MALLOC_ARENA_MAX=2"), "the image bounds malloc arenas");
    assertEquals("2", ServiceProcess.MALLOC_ENV.get("MALLOC_ARENA_MAX"), "so do local runs");
  }

  @Test
  void heapAndCapsFitEveryServiceMemoryLimit() throws IOException {
    String flags = entrypoint();
    Matcher pct = Pattern.compile("MaxRAMPercentage=([0-9.]+)").matcher(flags);
    assertTrue(pct.find(), "the image sizes the heap from the container limit");
    double heapShare = Double.parseDouble(pct.group(1)) / 100;
    int capsMib =
        flagMib(flags, "-XX:ReservedCodeCacheSize")
            + flagMib(flags, "-XX:MaxMetaspaceSize")
            + flagMib(flags, "-XX:MaxDirectMemorySize");
    List<Path> manifests = new ArrayList<>();
    try (Stream<Path> files = Files.walk(ROOT.resolve("gitops/apps"))) {
      files
          .filter(p -> p.toString().matches(".*-service/.*\\.yaml"))
          .filter(
              p -> p.getFileName().toString().matches("deployment\\.yaml|resources_patch\\.yaml"))
          .forEach(manifests::add);
    }
    assertFalse(manifests.isEmpty(), "found the services' Deployments and their patches");
    Pattern limit =
        Pattern.compile("limits:\\s*\\n(?:[ \\t]+[\\w-]+:.*\\n)*?[ \\t]+memory:\\s*(\\d+)Mi");
    int checked = 0;
    for (Path manifest : manifests) {
      Matcher m = limit.matcher(Files.readString(manifest));
      while (m.find()) {
        int limitMib = Integer.parseInt(m.group(1));
        double worst = limitMib * heapShare + capsMib + REST_MIB;
        assertTrue(
            worst <= limitMib,
            String.format(
                "%s: a %d Mi limit holds heap %.0f + caps %d + rest %d = %.0f MiB",
                ROOT.relativize(manifest),
                limitMib,
                limitMib * heapShare,
                capsMib,
                REST_MIB,
                worst));
        checked++;
      }
    }
    assertTrue(checked >= 6, "every service has a base limit and a dev limit, found " + checked);
  }
}
