package io.bmo.datasets.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class NpyArrayTest {

  @Test
  void rejectsShapeDataMismatchRankAndNegativeDimensions() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new NpyArray(new int[] {2, 3}, new double[5]));
    assertEquals("shape (2, 3) holds 6 values but data has 5", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new NpyArray(new int[] {1, 1, 1}, new double[1]));
    assertThrows(IllegalArgumentException.class, () -> new NpyArray(new int[0], new double[1]));
    assertThrows(IllegalArgumentException.class, () -> new NpyArray(new int[] {-1, -2}, new double[2]));
    assertThrows(IllegalArgumentException.class, () -> new NpyArray(null, new double[0]));
  }

  @Test
  void shapeCannotBeChangedFromOutsideButDataIsShared() {
    int[] shape = {2, 2};
    double[] data = {1, 2, 3, 4};
    NpyArray a = new NpyArray(shape, data);
    shape[0] = 99;
    a.shape()[1] = 99;
    assertArrayEquals(new int[] {2, 2}, a.shape());
    assertSame(data, a.data());
  }

  @Test
  void indexingIsRowMajor() {
    NpyArray a = Npy.ofMatrix(2, 3, new double[] {1, 2, 3, 4, 5, 6});
    assertEquals(6, a.get(1, 2));
    assertEquals(2, a.get(0, 1));
    assertEquals(3, a.cols());
    assertEquals(2, a.rows());
    assertThrows(IndexOutOfBoundsException.class, () -> a.get(0, 3));
    NpyArray v = Npy.ofVector(new double[] {7, 8});
    assertEquals(1, v.cols());
    assertEquals(8, v.get(1, 0));
  }

  @Test
  void equalityIsByContentAndShape() {
    NpyArray a = Npy.ofMatrix(2, 2, new double[] {1, 2, 3, Double.NaN});
    assertEquals(a, Npy.ofMatrix(2, 2, new double[] {1, 2, 3, Double.NaN}));
    assertEquals(a.hashCode(), Npy.ofMatrix(2, 2, new double[] {1, 2, 3, Double.NaN}).hashCode());
    assertNotEquals(a, Npy.ofMatrix(1, 4, new double[] {1, 2, 3, Double.NaN}));
    assertNotEquals(Npy.ofVector(new double[] {0.0}), Npy.ofVector(new double[] {-0.0}));
  }

  @Test
  void shapeStringAndToStringFollowNumpyAndStayShort() {
    assertEquals("(3,)", Npy.ofVector(new double[3]).shapeString());
    assertEquals("(0, 4)", Npy.ofMatrix(0, 4, new double[0]).shapeString());
    assertEquals("NpyArray(2,)[1.0, 2.0]", Npy.ofVector(new double[] {1, 2}).toString());
    assertEquals("NpyArray(1000,)[1000 values]", Npy.ofVector(new double[1000]).toString());
  }
}
