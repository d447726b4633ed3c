package io.bmo.core.simd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;

/**
 * The warm-up: callers are told to take the vector passes only after one background thread has run them; the
 * passes it runs give the bits they give afterwards (a warm-up that wrote into shared state would show here).
 */
class SimdWarmUpTest {
  @Test
  void readyOnlyAfterTheWarmUpThreadHasRunAndThenForGood() throws InterruptedException {
    assumeTrue(Simd.AVAILABLE, "no vectors of 256 bits on this CPU, or bmo.simd=false");
    Simd.warmUpInBackground();
    Simd.warmUpInBackground(); // a second call starts nothing more
    long started = Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().equals("bmo-simd-warm-up")).count();
    assertTrue(started <= 1, "one warm-up thread at most, found " + started);
    long deadline = System.nanoTime() + 300_000_000_000L;
    while (!Simd.ready() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertTrue(Simd.ready(), "the warm-up finished");
    assertTrue(Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive)
        .noneMatch(t -> t.getName().equals("bmo-simd-warm-up")), "the thread ended");
  }

  @Test
  void theWarmUpsInputsGiveTheScalarBits() {
    assumeTrue(Simd.AVAILABLE, "no vectors of 256 bits on this CPU, or bmo.simd=false");
    double[] out = {0.0, -0.0, 1.5, -2.0, Double.MIN_VALUE, -Double.MIN_VALUE, 3.0, -4.0};
    double[] wide = new double[64];
    for (int i = 0; i < 64; i++) {
      wide[i] = out[i % out.length];
    }
    long[] act = new long[1];
    long[] neg = new long[1];
    VectorBitKernels.warmUp(3); // runs both passes on its own arrays only
    int count = VectorBitKernels.recordWords(1, wide, act, neg);
    long a = 0;
    long n = 0;
    for (int i = 0; i < 64; i++) {
      boolean on = wide[i] != 0.0;
      a |= (on ? 1L : 0L) << i;
      n |= (on && wide[i] < 0 ? 1L : 0L) << i;
    }
    assertEquals(Long.bitCount(a), count);
    assertArrayEquals(new long[] {a}, act);
    assertArrayEquals(new long[] {n}, neg);
  }

  @Test
  void notAvailableMeansNeverReady() {
    assumeTrue(!Simd.AVAILABLE, "vectors available: covered above");
    Simd.warmUpInBackground();
    assertFalse(Simd.ready());
  }
}
