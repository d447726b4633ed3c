package io.bmo.jobs.sweep;

import static io.bmo.jobs.sweep.SweepRunnerTest.sweep;
import static io.bmo.jobs.sweep.SweepRunnerTest.tiny;
import static io.bmo.jobs.sweep.SweepRunnerTest.withoutTiming;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bmo.jobs.CliRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Wave schedules end to end on conf/sweep-tiny.conf: successive halving, TPE and adaptive seeds make the same
 * decisions on a re-run and after a crash and resume (trials.csv equal but for timing), {@code --extend} runs only the
 * new trials, and summary.csv carries the paired comparison.
 */
class WaveScheduleTest {
  /** Halving: 3 configs, rung 0 at 2 steps, rung 1 at 6 (η = 3, 2 rungs); metrics every step. */
  private static final String HALVING = "space { bmo.mu = [0.0, 0.1, 0.2] }\nseeds = 2\n"
      + "set { train.eval-every = 1, train.checkpoint-every = 2 }\n"
      + "halving { enabled = true, eta = 3, rungs = 2 }";

  @TempDir
  Path tmp;

  @Test
  void halvingIsDeterministicAcrossRerunsAndResume() throws Exception {
    SweepConfig sc = tiny(tmp.resolve("h"), HALVING);
    SweepRunner.Outcome a = sweep("local[2]", sc, tmp.resolve("a"));
    assertEquals(8, a.json().get("trials_run"), "6 trials at rung 0, 2 (one config, two seeds) at rung 1");
    assertEquals(2, a.json().get("waves"));
    CsvTable t = CsvTable.parse(Files.readString(tmp.resolve("a/trials.csv")));
    int steps = t.column("train.steps");
    assertEquals(6, t.rows().stream().filter(r -> r.get(steps).equals("2")).count());
    assertEquals(2, t.rows().stream().filter(r -> r.get(steps).equals("6")).count());
    CsvTable s = CsvTable.parse(Files.readString(tmp.resolve("a/summary.csv")));
    assertEquals("6", s.rows().get(0).get(s.column("train.steps")), "the last rung ranks first");
    // the promoted config is the best of rung 0
    List<SweepTables.ConfigSummary> rung0 = SweepTables.summarize(a.rows().subList(0, 6), sc.objective(),
        sc.minimize());
    assertEquals(rung0.get(0).swept().get("bmo.mu"), a.summary().get(0).swept().get("bmo.mu"));

    // crash every trial after step 4: rung 0 (2 steps) finishes, rung 1 dies; the resume ends as run a
    System.setProperty("bmo.test.crash-after-step", "4");
    try {
      assertThrows(Exception.class, () -> sweep("local[2]", sc, tmp.resolve("b")));
    } finally {
      System.clearProperty("bmo.test.crash-after-step");
    }
    SweepRunner.Outcome b = sweep("local[2]", sc, tmp.resolve("b"));
    assertEquals(6, b.json().get("trials_skipped"));
    assertEquals(withoutTiming(tmp.resolve("a")), withoutTiming(tmp.resolve("b")));
    assertEquals(Files.readString(tmp.resolve("a/summary.csv")), Files.readString(tmp.resolve("b/summary.csv")));
  }

  @Test
  void hyperbandBracketsStartLaterRungsWithTheFirstConfigsAndShareTrials() throws Exception {
    // 9 configs, η = 3, 2 rungs, 2 brackets: bracket 0 = rung 0 (9 configs × 2 steps) → its best 3 at 6 steps;
    // bracket 1 starts at rung 1 with the first ⌈9/3⌉ = 3 configs at 6 steps; a trial both brackets want runs once.
    String hb = "space { bmo.mu = [0.0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4] }\nseeds = 1\n"
        + "set { train.eval-every = 1, train.checkpoint-every = 2 }\n"
        + "halving { enabled = true, eta = 3, rungs = 2, brackets = 2 }";
    SweepConfig sc = tiny(tmp.resolve("hb"), hb);
    SweepRunner.Outcome a = sweep("local[2]", sc, tmp.resolve("a"));
    assertEquals(3, a.json().get("waves"));
    List<SweepTables.Row> rung0 = a.rows().stream()
        .filter(r -> r.spec().swept().get("train.steps").equals("2")).toList();
    assertEquals(9, rung0.size());
    java.util.Set<Integer> full = new java.util.TreeSet<>();
    SweepTables.summarize(rung0, sc.objective(), sc.minimize()).stream().limit(3)
        .forEach(c -> full.add(c.configIndex()));
    full.addAll(List.of(0, 1, 2)); // bracket 1's configs
    CsvTable t = CsvTable.parse(Files.readString(tmp.resolve("a/trials.csv")));
    int steps = t.column("train.steps");
    int mu = t.column("bmo.mu");
    java.util.Set<String> sixStepMus = new java.util.TreeSet<>();
    t.rows().stream().filter(r -> r.get(steps).equals("6")).forEach(r -> sixStepMus.add(r.get(mu)));
    assertEquals(full.size(), sixStepMus.size(), "each config at 6 steps once: " + sixStepMus + " vs " + full);
    assertEquals(9 + full.size(), t.rows().size(), "shared trials run once");
    // The same decisions on a re-run.
    SweepRunner.Outcome b = sweep("local[2]", sc, tmp.resolve("b"));
    assertEquals(a.json().get("trials_run"), b.json().get("trials_run"));
    assertEquals(withoutTiming(tmp.resolve("a")), withoutTiming(tmp.resolve("b")));
  }

  @Test
  void tpeProposesTheSameConfigsAndExtendRunsOnlyNewTrials() throws Exception {
    String tpe = "space { bmo.mu = { uniform = [0.0, 0.3] }, optimizer.lr = { log-uniform = [1e-3, 1e-1] } }\n"
        + "seeds = 1\nsampler = tpe\ntpe { startup = 2, batch = 2 }\n";
    SweepRunner.Outcome a = sweep("local[2]", tiny(tmp.resolve("t1"), tpe + "budget = 6"), tmp.resolve("a"));
    assertEquals(6, a.json().get("trials_run"));
    assertEquals(3, a.json().get("waves"));
    SweepRunner.Outcome again = sweep("local[2]", tiny(tmp.resolve("t1"), tpe + "budget = 6"), tmp.resolve("a2"));
    assertEquals(withoutTiming(tmp.resolve("a")), withoutTiming(tmp.resolve("a2")));
    // a sweep stopped after 4 configs (as if killed between waves), then extended to 6: the same 6 trials
    Path b = tmp.resolve("b");
    sweep("local[2]", tiny(tmp.resolve("t2"), tpe + "budget = 4"), b);
    CliRunner.Result ext = CliRunner.run("sweep", "--extend", b.toString(), "--set", "budget=6",
        "--master", "local[2]");
    assertEquals(0, ext.code(), ext.err());
    assertTrue(ext.lastLine().contains("\"trials_run\":2"), ext.lastLine());
    assertTrue(ext.lastLine().contains("\"trials_skipped\":4"), ext.lastLine());
    assertEquals(withoutTiming(tmp.resolve("a")), withoutTiming(b));
    // the proposals after the start-up wave differ from random draws (they follow the results)
    SweepRunner.Outcome rnd = sweep("local[2]", tiny(tmp.resolve("t3"), tpe.replace("sampler = tpe",
        "sampler = random") + "budget = 6"), tmp.resolve("rnd"));
    assertEquals(a.rows().get(1).spec().trialId(), rnd.rows().get(1).spec().trialId(), "start-up = random draws");
    assertTrue(!a.rows().get(2).spec().trialId().equals(rnd.rows().get(2).spec().trialId()));
  }

  @Test
  void adaptiveSeedsAreDeterministicAcrossResumeAndNeverRerun() throws Exception {
    String adaptive = "space { bmo.mu = [0.0, 0.2, 0.1] }\nseeds = 2\n"
        + "adaptive-seeds { enabled = true, confidence = 0.999, max-seeds = 4, top = 2, per-wave = 1 }";
    SweepConfig sc = tiny(tmp.resolve("ad"), adaptive);
    SweepRunner.Outcome a = sweep("local[2]", sc, tmp.resolve("a"));
    // at confidence 0.999 two to four seeds cannot separate the configs (p < 0.001 needs |t| > 31.6 at ν = 1):
    // 6 initial trials, then two waves bring the top 2 of the ranking at that time to 3, then 4 seeds (a config that
    // enters the top 2 later gets every seed it lacks)
    int run = (Integer) a.json().get("trials_run");
    assertTrue(run >= 10 && run <= 12, "trials run " + run);
    assertEquals(3, a.json().get("waves"));
    CsvTable s = CsvTable.parse(Files.readString(tmp.resolve("a/summary.csv")));
    assertEquals("", s.rows().get(0).get(s.column(PairedComparison.P_T)), "no p-value against itself");
    int total = 0;
    for (List<String> row : s.rows()) {
      int n = Integer.parseInt(row.get(s.column("n")));
      assertTrue(n >= 2 && n <= 4, "seeds per config " + n);
      total += n;
      if (row != s.rows().get(0)) {
        assertEquals(Integer.toString(Math.min(n, Integer.parseInt(s.rows().get(0).get(s.column("n"))))),
            row.get(s.column(PairedComparison.N_PAIRED)), "paired on the common seeds");
      }
    }
    assertEquals(6 + run - 6, total);
    // crash after step 3 everywhere: the first wave dies; resumed, the same waves follow
    System.setProperty("bmo.test.crash-after-step", "3");
    try {
      assertThrows(Exception.class, () -> sweep("local[2]", sc, tmp.resolve("b")));
    } finally {
      System.clearProperty("bmo.test.crash-after-step");
    }
    sweep("local[2]", sc, tmp.resolve("b"));
    assertEquals(withoutTiming(tmp.resolve("a")), withoutTiming(tmp.resolve("b")));
    SweepRunner.Outcome c = sweep("local[2]", sc, tmp.resolve("b"));
    assertEquals(0, c.json().get("trials_run"));
  }

  @Test
  void reseedGivesTheIdOfThePlannedTrial() throws Exception {
    SweepConfig sc = tiny(tmp.resolve("r"), "");
    List<TrialSpec> plan = SweepPlan.build(sc);
    TrialSpec seed1 = plan.get(0);
    TrialSpec seed2 = plan.stream().filter(p -> p.configId().equals(seed1.configId()) && p.seed() == 2).findFirst()
        .orElseThrow();
    assertEquals(seed2.trialId(), SweepPlan.reseed(sc, seed1, 2).trialId());
    assertEquals(seed2.configText(), SweepPlan.reseed(sc, seed1, 2).configText());
  }
}
