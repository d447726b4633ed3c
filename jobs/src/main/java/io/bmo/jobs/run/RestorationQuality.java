package io.bmo.jobs.run;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The quality figures of one restored image against its clean original, and of its degraded input: PSNR and SSIM on
 * the 8-bit images. What {@code evaluate --images} and {@code evaluate --pairs} report per row and on average.
 */
public interface RestorationQuality {
  /** {@return the PSNR (dB) of the degraded input} */
  double inputPsnr();

  /** {@return the SSIM of the degraded input} */
  double inputSsim();

  /** {@return the PSNR (dB) of the restoration} */
  double psnr();

  /** {@return the SSIM of the restoration} */
  double ssim();

  /**
   * The JSON fields of a set of rows: their count and the means over all rows.
   *
   * @param rows the rows
   * @return field name → value
   */
  static Map<String, Object> summary(List<? extends RestorationQuality> rows) {
    double in = 0;
    double inS = 0;
    double out = 0;
    double outS = 0;
    for (RestorationQuality r : rows) {
      in += r.inputPsnr();
      inS += r.inputSsim();
      out += r.psnr();
      outS += r.ssim();
    }
    int n = rows.size();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("pairs", n);
    m.put("mean_psnr", out / n);
    m.put("mean_ssim", outS / n);
    m.put("mean_input_psnr", in / n);
    m.put("mean_input_ssim", inS / n);
    return m;
  }
}
