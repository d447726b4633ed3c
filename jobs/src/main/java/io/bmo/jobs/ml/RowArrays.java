package io.bmo.jobs.ml;

import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** Reads a row's array&lt;double&gt; or ML Vector column as a double[] of a required length. */
final class RowArrays {
  private RowArrays() {}

  /** Checks that {@code col} exists and is array&lt;double&gt; or an ML vector. */
  static void requireColumn(StructType schema, String col) {
    if (!java.util.Arrays.asList(schema.fieldNames()).contains(col)) {
      throw new IllegalArgumentException("column '" + col + "' not found (have "
          + String.join(", ", schema.fieldNames()) + ")");
    }
    DataType t = schema.apply(col).dataType();
    boolean array = t instanceof ArrayType a && a.elementType().equals(DataTypes.DoubleType);
    boolean vector = t.typeName().equals("vector");
    if (!array && !vector) {
      throw new IllegalArgumentException("column '" + col + "' must be array<double> or an ML vector, got "
          + t.simpleString());
    }
  }

  /** {@code row} with {@code values} appended as an {@code array<double>} column. */
  static Row append(Row row, double[] values, int from, int length) {
    Object[] v = new Object[row.length() + 1];
    for (int k = 0; k < row.length(); k++) {
      v[k] = row.get(k);
    }
    Double[] boxed = new Double[length];
    for (int k = 0; k < length; k++) {
      boxed[k] = values[from + k];
    }
    v[row.length()] = boxed;
    return org.apache.spark.sql.RowFactory.create(v);
  }

  /**
   * Column {@code i} of {@code row} as a new array, checked: not null, of {@code length} values ({@code -1}: any
   * length) and finite; messages name {@code col}.
   */
  static double[] get(Row row, int i, int length, String col) {
    Object v = row.get(i);
    double[] out;
    if (v == null) {
      throw new IllegalArgumentException("column '" + col + "' has a null value");
    } else if (v instanceof Vector vec) {
      out = vec.toArray();
    } else {
      java.util.List<Object> list = row.getList(i);
      out = new double[list.size()];
      for (int k = 0; k < out.length; k++) {
        Object e = list.get(k);
        if (e == null) {
          throw new IllegalArgumentException("column '" + col + "' has a null element");
        }
        out[k] = (Double) e;
      }
    }
    if (length >= 0 && out.length != length) {
      throw new IllegalArgumentException("column '" + col + "' has a row of length " + out.length + ", expected "
          + length);
    }
    for (double d : out) {
      if (!Double.isFinite(d)) {
        throw new IllegalArgumentException("column '" + col + "' contains NaN or Inf");
      }
    }
    return out;
  }
}
