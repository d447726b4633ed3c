package io.bmo.jobs.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bmo.datasets.io.Npy;
import io.bmo.jobs.spark.SparkRuntime;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End-to-end sweeps on Spark local mode with conf/sweep-tiny.conf (2 configs × 3 seeds): a re-run skips every trial
 * and reproduces trials.csv; local[1] and local[2], and trial-parallel and data-parallel, give bit-identical ω per
 * trial; divergence is recorded, not retried; pruning stops trials above the median.
 */
class SweepRunnerTest {
  static final Path TINY = Path.of("../conf/sweep-tiny.conf");
  private static final PrintStream QUIET = new PrintStream(java.io.OutputStream.nullOutputStream());

  @TempDir
  Path tmp;

  static SweepRunner.Outcome sweep(String master, SweepConfig sc, Path out) throws Exception {
    SparkRuntime spark = SparkRuntime.start("sweep-test", master);
    try {
      return SweepRunner.run(sc, out.toString(), spark, QUIET);
    } finally {
      spark.stop();
    }
  }

  static SweepConfig tiny(Path dir, String extra) throws Exception {
    String text = Files.readString(TINY) + "\n" + extra + "\n";
    Path f = dir.resolve("sweep.conf");
    Files.createDirectories(dir);
    Files.writeString(f, text.replace("sparse-coding-smoke.conf", TINY.toAbsolutePath().getParent()
        .resolve("sparse-coding-smoke.conf").toString()));
    return SweepConfig.load(f);
  }

  /** trials.csv without the timing column. */
  static List<List<String>> withoutTiming(Path dir) throws Exception {
    CsvTable t = CsvTable.parse(Files.readString(dir.resolve("trials.csv")));
    int s = t.column(SweepTables.SECONDS);
    List<List<String>> out = new ArrayList<>();
    out.add(t.header());
    for (List<String> r : t.rows()) {
      List<String> c = new ArrayList<>(r);
      c.remove(s);
      out.add(c);
    }
    return out;
  }

  static double[] omega(Path trial) throws Exception {
    List<double[]> parts = new ArrayList<>();
    try (var files = Files.list(trial.resolve("omega"))) {
      for (Path p : files.filter(f -> f.getFileName().toString().endsWith(".npy")
          && !f.getFileName().toString().startsWith(".")).sorted().toList()) {
        try (var in = Files.newInputStream(p)) {
          parts.add(Npy.read(in, p.toString()).data());
        }
      }
    }
    return parts.stream().flatMapToDouble(java.util.Arrays::stream).toArray();
  }

  static void assertSameOmega(SweepRunner.Outcome a, Path da, Path db) throws Exception {
    for (SweepTables.Row r : a.rows()) {
      Path ta = da.resolve(r.spec().dir());
      Path tb = db.resolve(r.spec().dir());
      double[] wa = omega(ta);
      double[] wb = omega(tb);
      assertEquals(wa.length, wb.length);
      for (int i = 0; i < wa.length; i++) {
        assertEquals(Double.doubleToRawLongBits(wa[i]), Double.doubleToRawLongBits(wb[i]),
            r.spec().trialId() + " omega[" + i + "]");
      }
    }
  }

  @Test
  void rerunSkipsEverythingAndLocal1EqualsLocal2() throws Exception {
    SweepConfig sc = tiny(tmp.resolve("cfg"), "");
    Path a = tmp.resolve("a");
    Path b = tmp.resolve("b");
    SweepRunner.Outcome first = sweep("local[2]", sc, a);
    assertEquals(6, first.json().get("trials_run"));
    assertEquals(0L, first.json().get("trials_failed"));
    assertEquals("trial-parallel", first.json().get("mode"));
    List<List<String>> csv1 = withoutTiming(a);
    String summary1 = Files.readString(a.resolve("summary.csv"));

    SweepRunner.Outcome again = sweep("local[2]", sc, a);
    assertEquals(0, again.json().get("trials_run"));
    assertEquals(6, again.json().get("trials_skipped"));
    assertEquals(csv1, withoutTiming(a));
    assertEquals(summary1, Files.readString(a.resolve("summary.csv")));
    assertTrue(Files.isDirectory(a.resolve("steps.parquet")) && Files.isDirectory(a.resolve("trials.parquet")));

    sweep("local[1]", sc, b);
    assertEquals(csv1, withoutTiming(b));
    assertSameOmega(first, a, b);
  }

  @Test
  void dataParallelEqualsTrialParallelBitForBit() throws Exception {
    SweepConfig tp = tiny(tmp.resolve("tp"), "seeds = 2");
    SweepConfig dp = tiny(tmp.resolve("dp"), "seeds = 2\nexecution.mode = data-parallel");
    SweepRunner.Outcome a = sweep("local[2]", tp, tmp.resolve("out-tp"));
    SweepRunner.Outcome b = sweep("local[2]", dp, tmp.resolve("out-dp"));
    assertEquals("data-parallel", b.json().get("mode"));
    assertEquals(withoutTiming(tmp.resolve("out-tp")), withoutTiming(tmp.resolve("out-dp")));
    assertSameOmega(a, tmp.resolve("out-tp"), tmp.resolve("out-dp"));
  }

  @Test
  void divergedAndInvalidTrialsAreRecordedNotRetried() throws Exception {
    SweepConfig sc = tiny(tmp.resolve("bad"), "seeds = 1\nspace { bmo.mu = [0.0], optimizer.lr = [1e300],"
        + " model.type = [lista-tied], model.step0 = [1.0, 2.5] }");
    Path out = tmp.resolve("out-bad");
    SweepRunner.Outcome o = sweep("local[2]", sc, out);
    Function<Integer, TrialStatus> st = i -> o.rows().get(i).result().status();
    assertEquals(TrialStatus.DIVERGED, st.apply(0), o.rows().get(0).result().reason());
    assertEquals(TrialStatus.INVALID, st.apply(1));
    assertTrue(o.rows().get(1).result().reason().startsWith("model.step0"));
    assertEquals(2L, o.json().get("trials_failed"));
    assertEquals(null, o.json().get("best"));
    SweepRunner.Outcome again = sweep("local[2]", sc, out);
    assertEquals(0, again.json().get("trials_run"));
  }

  @Test
  void pruningStopsTrialsAboveTheMedianOfEarlierWaves() throws Exception {
    // Plan (seed-major): [mu=0.2, mu=0] per seed; waves of 2 = one seed each. mu=0's upper loss is about twice
    // mu=0.2's from the first step, so from wave 2 on mu=0 is above the median of the finished trials and stopped.
    SweepConfig sc = tiny(tmp.resolve("prune"), "space { bmo.mu = [0.2, 0.0] }\n"
        + "pruning { enabled = true, warmup-steps = 1, min-trials = 2, wave-size = 2 }");
    SweepRunner.Outcome o = sweep("local[2]", sc, tmp.resolve("out-prune"));
    List<TrialStatus> st = o.rows().stream().map(r -> r.result().status()).toList();
    assertEquals(List.of(TrialStatus.FINISHED, TrialStatus.FINISHED, TrialStatus.FINISHED, TrialStatus.PRUNED),
        st.subList(0, 4));
    assertEquals(TrialStatus.PRUNED, st.get(5));
    assertEquals(1, o.rows().get(3).result().steps(), "stopped at the first step after warm-up");
    assertTrue(o.rows().get(3).result().reason().startsWith("pruned at step 1"));
    assertEquals("0.2", ((java.util.Map<?, ?>) ((java.util.Map<?, ?>) o.json().get("best")).get("values"))
        .get("bmo.mu"));
  }
}
