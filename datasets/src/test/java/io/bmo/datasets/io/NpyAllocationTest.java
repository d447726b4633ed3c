package io.bmo.datasets.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A header claiming far more values than the file holds fails without allocating what it claims (measured with the
 * JVM's per-thread allocation counter), whether the reader knows the stream length or not; the growing buffer used
 * for streams of unknown length returns the same bits as the exact allocation.
 */
class NpyAllocationTest {
  /** 40000 × 40000 float64 = 12.8 GB claimed; the file holds 4 values. */
  private static final String HUGE_DICT = "{'descr': '<f8', 'fortran_order': False, 'shape': (40000, 40000), }";
  /**
   * Allowed allocation while rejecting the huge claim: the 64 KiB read buffer, the initial 64 Ki-value (512 KiB)
   * array of the unknown-length path, header strings and exception objects, with room for JIT noise; 12.8 GB is
   * four orders of magnitude above it.
   */
  private static final long ALLOCATION_BUDGET = 4L << 20;

  @TempDir
  Path tmp;

  private static byte[] npy(String dict, double[] values) {
    String header = dict + " ".repeat((64 - (10 + dict.length() + 1) % 64) % 64) + "\n";
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteBuffer pre = ByteBuffer.allocate(10).order(ByteOrder.LITTLE_ENDIAN);
    pre.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}).putShort((short) header.length());
    out.writeBytes(pre.array());
    out.writeBytes(header.getBytes(StandardCharsets.ISO_8859_1));
    ByteBuffer data = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
    for (double v : values) {
      data.putDouble(v);
    }
    out.writeBytes(data.array());
    return out.toByteArray();
  }

  private static long allocatedBytes() {
    return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
  }

  @Test
  void hugeClaimFailsFastFromAFile() throws Exception {
    Path f = tmp.resolve("huge.npy");
    Files.write(f, npy(HUGE_DICT, new double[] {1, 2, 3, 4}));
    long before = allocatedBytes();
    DataFormatException e = assertThrows(DataFormatException.class, () -> Npy.read(f));
    long used = allocatedBytes() - before;
    assertEquals(f + ": truncated: header says 1600000000 values, file has 4", e.getMessage());
    assertTrue(used < ALLOCATION_BUDGET, "allocated " + used + " bytes");
  }

  @Test
  void hugeClaimFailsFastFromAStreamOfUnknownLength() {
    byte[] bytes = npy(HUGE_DICT, new double[] {1, 2, 3, 4});
    long before = allocatedBytes();
    DataFormatException e = assertThrows(DataFormatException.class,
        () -> Npy.read(new ByteArrayInputStream(bytes), "huge.npy"));
    long used = allocatedBytes() - before;
    assertEquals("huge.npy: truncated: header says 1600000000 values, file has 4", e.getMessage());
    assertTrue(used < ALLOCATION_BUDGET, "allocated " + used + " bytes");
  }

  @Test
  void declaredLengthShorterThanTheDataIsRejectedBeforeReadingValues() {
    byte[] bytes = npy("{'descr': '<f8', 'fortran_order': False, 'shape': (3,), }", new double[] {1, 2, 3});
    DataFormatException e = assertThrows(DataFormatException.class,
        () -> Npy.read(new ByteArrayInputStream(bytes), "v.npy", bytes.length - 12));
    assertEquals("v.npy: truncated: header says 3 values, file has 1 and 4 stray bytes", e.getMessage());
  }

  @Test
  void growingBufferGivesTheSameBitsAsExactAllocation() throws Exception {
    int n = 300_001; // past several doublings of the initial 64 Ki values, not a multiple of the read chunk
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = Math.scalb(Math.sin(i * 0.37), i % 40 - 20);
    }
    v[17] = Double.NaN;
    v[n - 1] = -0.0;
    byte[] bytes = npy("{'descr': '<f8', 'fortran_order': False, 'shape': (" + n + ",), }", v);
    NpyArray streamed = Npy.read(new ByteArrayInputStream(bytes), "s.npy");
    NpyArray sized = Npy.read(new ByteArrayInputStream(bytes), "s.npy", bytes.length);
    assertArrayEquals(new int[] {n}, streamed.shape());
    long[] expected = Arrays.stream(v).mapToLong(Double::doubleToRawLongBits).toArray();
    assertArrayEquals(expected, Arrays.stream(streamed.data()).mapToLong(Double::doubleToRawLongBits).toArray());
    assertArrayEquals(expected, Arrays.stream(sized.data()).mapToLong(Double::doubleToRawLongBits).toArray());
  }
}
