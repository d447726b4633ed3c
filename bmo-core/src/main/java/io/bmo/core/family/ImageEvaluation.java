package io.bmo.core.family;

import io.bmo.core.imaging.GrayImage;
import java.util.List;
import java.util.Map;

/**
 * What a family's {@link FamilyRun#evaluateImages} returns: one row per image for {@code evaluate_images.csv}
 * (columns after {@code image}), a one-line description per image for the console, the panels of its side-by-side
 * PNG, and the summary fields of the JSON line.
 *
 * @param columns CSV column names after {@code image}
 * @param rows one per image, in input order
 * @param summary fields of the JSON line (e.g. mean PSNRs)
 */
public record ImageEvaluation(List<String> columns, List<Row> rows, Map<String, Object> summary) {
  /**
   * @param name the image's file name
   * @param values one per column (numbers or strings, written with {@link String#valueOf(Object)})
   * @param description one console line
   * @param panels the images shown side by side in its PNG, left to right
   */
  public record Row(String name, List<Object> values, String description, List<GrayImage> panels) {}
}
