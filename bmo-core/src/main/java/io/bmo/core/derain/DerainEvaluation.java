package io.bmo.core.derain;

import io.bmo.core.aggregate.LossGradientSum;
import io.bmo.core.imaging.PixelErrors;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The deraining families' evaluation row over a set of crops: Σ squared error of the derained backgrounds (clipped
 * to [0, 1]), Σ pixels and Σ squared error of the rainy inputs, all against the clean crops. Carried as a flat row of
 * {@link #SIZE} slots that the reductions add slot by slot; this record is the only place that knows the slots.
 *
 * @param squaredError Σ‖B̂ − B*‖²
 * @param pixels Σ pixels
 * @param inputSquaredError Σ‖O − B*‖²
 */
record DerainEvaluation(double squaredError, double pixels, double inputSquaredError) {
  static final int SIZE = 3;

  static DerainEvaluation of(double[] row) {
    return new DerainEvaluation(row[0], row[1], row[2]);
  }

  /** Adds this record into a row, slot by slot. Modified: row. */
  void addTo(double[] row) {
    row[0] += squaredError;
    row[1] += pixels;
    row[2] += inputSquaredError;
  }

  double psnr() {
    return new PixelErrors(squaredError, pixels).psnr();
  }

  double inputPsnr() {
    return new PixelErrors(inputSquaredError, pixels).psnr();
  }

  /** The per-step metrics of both deraining models: train PSNR from the step's sums, test PSNRs from the row. */
  static Map<String, Double> metrics(LossGradientSum sum, double[][] testEval) {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("train_psnr_db", PixelErrors.of(sum.statsBuffer()).psnr());
    DerainEvaluation t = testEval == null ? null : of(testEval[0]);
    m.put("test_psnr_db", t == null ? Double.NaN : t.psnr());
    m.put("test_input_psnr_db", t == null ? Double.NaN : t.inputPsnr());
    return m;
  }
}
