package io.bmo.jobs.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A linear or base-10 logarithmic axis: maps data values to pixels and picks "nice" tick values (1, 2, 5 × 10^k on
 * a linear axis; powers of ten, or 1-2-5 within them when the range spans less than three decades, on a log axis).
 */
final class Axis {
  final double lo;
  final double hi;
  final boolean log;

  private Axis(double lo, double hi, boolean log) {
    this.lo = lo;
    this.hi = hi;
    this.log = log;
  }

  /** An axis covering the finite values of {@code data} (positive ones on a log axis), padded by 5 %. */
  static Axis covering(List<double[]> data, boolean log, boolean pad) {
    double mn = Double.POSITIVE_INFINITY;
    double mx = Double.NEGATIVE_INFINITY;
    for (double[] d : data) {
      if (d == null) {
        continue;
      }
      for (double v : d) {
        if (Double.isFinite(v) && (!log || v > 0)) {
          mn = Math.min(mn, v);
          mx = Math.max(mx, v);
        }
      }
    }
    if (mn > mx) {
      mn = log ? 1 : 0;
      mx = log ? 10 : 1;
    }
    if (log) {
      double a = Math.log10(mn);
      double b = Math.log10(mx);
      if (b - a < 1e-9) {
        a -= 0.5;
        b += 0.5;
      }
      double p = pad ? 0.05 * (b - a) : 0;
      return new Axis(a - p, b + p, true);
    }
    if (mx - mn < 1e-12 * Math.max(1, Math.abs(mx))) {
      mn -= 0.5 * Math.max(1e-6, Math.abs(mn));
      mx += 0.5 * Math.max(1e-6, Math.abs(mx));
    }
    double p = pad ? 0.05 * (mx - mn) : 0;
    return new Axis(mn - p, mx + p, false);
  }

  /** Fraction of the axis length at value v (0 = lo end). */
  double frac(double v) {
    double t = log ? Math.log10(v) : v;
    return (t - lo) / (hi - lo);
  }

  List<Double> ticks() {
    List<Double> out = new ArrayList<>();
    if (log) {
      boolean fine = hi - lo < 3;
      for (int k = (int) Math.floor(lo); k <= Math.ceil(hi); k++) {
        for (double m : fine ? new double[] {1, 2, 5} : new double[] {1}) {
          double v = m * Math.pow(10, k);
          double t = Math.log10(v);
          if (t >= lo - 1e-9 && t <= hi + 1e-9) {
            out.add(v);
          }
        }
      }
      return out;
    }
    double step = niceStep((hi - lo) / 6);
    for (double v = Math.ceil(lo / step) * step; v <= hi + 1e-9 * step; v += step) {
      out.add(Math.abs(v) < 1e-12 * step ? 0.0 : v);
    }
    return out;
  }

  static double niceStep(double raw) {
    double e = Math.pow(10, Math.floor(Math.log10(raw)));
    double f = raw / e;
    return (f < 1.5 ? 1 : f < 3.5 ? 2 : f < 7.5 ? 5 : 10) * e;
  }

  static String format(double v) {
    if (v == 0) {
      return "0";
    }
    double a = Math.abs(v);
    if (a >= 1e4 || a < 1e-3) {
      return String.format(Locale.ROOT, "%.0e", v);
    }
    String s = String.format(Locale.ROOT, "%.4f", v);
    s = s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
    return s;
  }
}
