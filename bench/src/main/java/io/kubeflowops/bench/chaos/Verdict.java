package io.kubeflowops.bench.chaos;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.List;

/**
 * The rows of the reconciliation, as the checks add them: counts to report and counts that must be
 * 0. The run passes only when it has rows, every must-be-0 row is 0 and no check failed to run.
 */
public final class Verdict {
  /** One line of the reconciliation table; {@code mustBeZero} rows decide the verdict. */
  public record Row(String label, long count, boolean mustBeZero) {
    boolean failed() {
      return mustBeZero && count != 0;
    }
  }

  private static final int MAX_EXAMPLES = 20;

  private final List<Row> rows = new ArrayList<>();
  private final List<String> examples = new ArrayList<>();

  /** A count for the report that does not decide the verdict. */
  public void count(String label, long n) {
    rows.add(new Row(label, n, false));
  }

  /** A count that fails the run unless it is 0 (say so in the label: "(must be 0)"). */
  public void mustBeZero(String label, long n) {
    rows.add(new Row(label, n, true));
  }

  /** One concrete case behind a failing row (the first few are kept). */
  public void example(String text) {
    if (examples.size() < MAX_EXAMPLES) {
      examples.add(text);
    }
  }

  @JsonProperty
  public List<Row> rows() {
    return List.copyOf(rows);
  }

  @JsonProperty
  public List<String> examples() {
    return List.copyOf(examples);
  }

  @JsonProperty
  public boolean passed() {
    return !rows.isEmpty() && rows.stream().noneMatch(Row::failed);
  }
}
