package io.kubeflowops.order.system;

import java.util.List;

/**
 * One page of a list, with what a client needs to ask for the next. Paging is capped (page ≤
 * {@value #MAX_PAGE}, size ≤ {@value #MAX_SIZE}): a list reads at most the first 10,100 rows, so
 * deep paging cannot make the database skip millions of rows.
 */
public record Page<T>(List<T> items, int page, int size, long total) {
  public static final int MAX_PAGE = 100;
  public static final int MAX_SIZE = 100;
}
