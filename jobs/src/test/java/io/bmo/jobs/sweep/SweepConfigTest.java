package io.bmo.jobs.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.bmo.jobs.UserError;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SweepConfigTest {
  @TempDir
  Path dir;

  private SweepConfig parse(String body) throws Exception {
    Files.writeString(dir.resolve("base.conf"), "name = \"t\"\ndata { m = 10, n = 20, train-examples = 16 }\n");
    return SweepConfig.from(ConfigFactory.parseString("base = \"base.conf\"\n" + body).resolve(), dir, "test");
  }

  private String error(String body) {
    return assertThrows(UserError.class, () -> parse(body)).getMessage();
  }

  @Test
  void shippedConfigsAreValid() {
    SweepConfig sc = SweepConfig.load(Path.of("../conf/sweep-sparse-coding.conf"));
    assertEquals(24, SweepPlan.configs(sc).size());
    assertEquals(5, sc.seeds().size());
    SweepConfig tiny = SweepConfig.load(Path.of("../conf/sweep-tiny.conf"));
    assertEquals(6, SweepPlan.build(tiny).size());
  }

  /**
   * Without objective keys a sweep ranks by the base problem's headline metric in its own direction: sparse coding's
   * test NMSE (minimised), the deraining family's test PSNR (maximised); an explicit metric keeps its own goal or the
   * given one.
   */
  @Test
  void objectiveDefaultsToTheFamilysHeadlineMetric() throws Exception {
    SweepConfig sc = parse("space { bmo.mu = [0, 0.1] }");
    assertEquals("test_nmse_db", sc.objective());
    assertTrue(sc.minimize());
    Files.writeString(dir.resolve("derain.conf"), "name = \"d\"\nproblem = \"derain\"\nderain { images = \"x\" }\n");
    SweepConfig dr = SweepConfig.from(ConfigFactory.parseString(
        "base = \"derain.conf\"\nspace { derain.mu = [0, 0.1] }").resolve(), dir, "test");
    assertEquals("test_psnr_db", dr.objective());
    assertTrue(!dr.minimize());
    SweepConfig loss = parse("space { bmo.mu = [0, 0.1] }\nobjective.metric = final_loss");
    assertEquals("final_loss", loss.objective());
    assertTrue(loss.minimize());
    assertTrue(!parse("space { bmo.mu = [0, 0.1] }\nobjective { metric = final_loss, goal = maximize }").minimize());
  }

  @Test
  void rejectsUnknownKeysNamingThem() {
    assertTrue(error("spcae { bmo.mu = [0, 1] }").contains("spcae"));
    assertTrue(error("space { bmo.muu = [0, 1] }").contains("bmo.muu"));
    assertTrue(error("set { train.stepz = 3 }").contains("train.stepz"));
    assertTrue(error("seed-keys { data.sed = 0 }").contains("data.sed"));
    assertTrue(error("execution { mdoe = auto }").contains("execution.mdoe"));
  }

  @Test
  void rejectsBadValuesNamingTheKey() {
    assertTrue(error("space { bmo.mu = { uniform = [0, 1] } }").contains("space.bmo.mu"), "grid needs points");
    assertTrue(error("space { optimizer.lr = { log-uniform = [0, 1], points = 3 } }").contains("optimizer.lr"));
    assertTrue(error("space { model.layers = { int = [8, 4] } }").contains("model.layers"));
    assertTrue(error("space { model.layers = { int = [4, 8], points = 2 } }").contains("points"));
    assertTrue(error("sampler = random").contains("budget"));
    assertTrue(error("sampler = grid, budget = 3").contains("budget"));
    assertTrue(error("seeds = [1, 1]").contains("seeds"));
    assertTrue(error("seeds = 0").contains("seeds"));
    assertTrue(error("seeds = \"x\"").contains("seeds"));
    assertTrue(error("space { data.seed = [1, 2] }").contains("seed-keys.data.seed"));
    assertTrue(error("set { bmo.mu = 0.1 }, space { bmo.mu = [0, 1] }").contains("bmo.mu"));
    assertTrue(error("execution.mode = fast").contains("execution.mode"));
    assertTrue(error("objective.goal = best").contains("objective.goal"));
    assertTrue(error("pruning.wave-size = 0").contains("pruning.wave-size"));
    assertTrue(assertThrows(UserError.class, () -> SweepConfig.from(ConfigFactory.parseString("name = x"), dir, "t"))
        .getMessage().startsWith("base"));
  }

  @Test
  void gridIsTheProductInKeyOrder() throws Exception {
    SweepConfig sc = parse("space { model.layers = { int = [2, 6], step = 2 }, bmo.mu = [0.0, 0.5],"
        + " optimizer.lr = { log-uniform = [1e-4, 1e-2], points = 3 } }");
    var configs = SweepPlan.configs(sc);
    assertEquals(3 * 2 * 3, configs.size());
    assertEquals(List.of("bmo.mu", "model.layers", "optimizer.lr"), List.copyOf(configs.get(0).keySet()));
    assertEquals(1e-3, ((Number) configs.get(1).get("optimizer.lr").unwrapped()).doubleValue(), 1e-15);
    assertEquals(6L, ((Number) configs.get(configs.size() - 1).get("model.layers").unwrapped()).longValue());
  }

  @Test
  void randomSamplingIsSeededAndInRange() throws Exception {
    String body = "sampler = random, budget = 20, sampler-seed = 5, space { optimizer.lr = { log-uniform ="
        + " [1e-4, 1e-2] }, model.layers = { int = [2, 9] }, bmo.mu = { uniform = [0, 0.5] } }";
    var a = SweepPlan.configs(parse(body));
    var b = SweepPlan.configs(parse(body));
    assertEquals(a, b);
    for (var c : a) {
      double lr = ((Number) c.get("optimizer.lr").unwrapped()).doubleValue();
      long k = ((Number) c.get("model.layers").unwrapped()).longValue();
      double mu = ((Number) c.get("bmo.mu").unwrapped()).doubleValue();
      assertTrue(lr >= 1e-4 && lr <= 1e-2 && k >= 2 && k <= 9 && mu >= 0 && mu <= 0.5, c.toString());
    }
    // A larger budget keeps the first configs (config i depends only on (sampler-seed, i)).
    var longer = SweepPlan.configs(parse(body.replace("budget = 20", "budget = 30")));
    assertEquals(a, longer.subList(0, 20));
  }

  @Test
  void trialIdsHashConfigAndSeedButNotExecutionKeys() throws Exception {
    List<TrialSpec> p = SweepPlan.build(parse("space { bmo.mu = [0.0, 0.2] }, seeds = [3, 4]"));
    assertEquals(4, p.size());
    assertEquals(4, p.stream().map(TrialSpec::trialId).distinct().count());
    assertEquals(2, p.stream().map(TrialSpec::configId).distinct().count());
    assertEquals(p.get(0).configId(), p.get(2).configId(), "seed-major plan: same config, next seed");
    List<TrialSpec> q = SweepPlan.build(parse("space { bmo.mu = [0.0, 0.2] }, seeds = [3, 4],"
        + " set { train.checkpoint-every = 1, train.threads = 2, name = other }"));
    for (int i = 0; i < p.size(); i++) {
      assertEquals(p.get(i).trialId(), q.get(i).trialId());
    }
  }

  /** A key added later is left out of trial ids at its neutral value: the engine's and a family's (via the SPI). */
  @Test
  void neutralAddedKeysStayOutOfTrialIds() {
    String base = "problem = derain\nderain.crop = 32\n";
    String plain = SweepPlan.canonical(ConfigFactory.parseString(base), Set.of());
    for (String neutral : new String[] {"derain.split = even", "optimizer.cosine-steps = 0",
        "derain.stage-networks = false", "derain.stage-networks = \"false\"", "derain.output = background",
        "optimizer.cosine-steps = 0.0"}) {
      assertEquals(plain, SweepPlan.canonical(ConfigFactory.parseString(base + neutral), Set.of()), neutral);
    }
    String den = "problem = denoiser\ndenoiser.patch = 32\n";
    String denPlain = SweepPlan.canonical(ConfigFactory.parseString(den), Set.of());
    for (String neutral : new String[] {"denoiser.loss-weight-sigma = 0", "denoiser.loss-weight-sigma = 0.0"}) {
      assertEquals(denPlain, SweepPlan.canonical(ConfigFactory.parseString(den + neutral), Set.of()), neutral);
    }
    String weighted = SweepPlan.canonical(ConfigFactory.parseString(den + "denoiser.loss-weight-sigma = 2.55"),
        Set.of());
    assertTrue(weighted.contains("denoiser.loss-weight-sigma=2.55"), weighted);
    String pnp = "problem = pnp-deblur\npnp-deblur.crop = 32\n";
    assertEquals(SweepPlan.canonical(ConfigFactory.parseString(pnp), Set.of()),
        SweepPlan.canonical(ConfigFactory.parseString(pnp + "pnp-deblur.flips = false"), Set.of()));
    String learned = SweepPlan.canonical(ConfigFactory.parseString(base + "derain.split = learned"), Set.of());
    assertTrue(learned.contains("derain.split=\"learned\""), learned);
    String staged = SweepPlan.canonical(ConfigFactory.parseString(base + "derain.stage-networks = true"), Set.of());
    assertTrue(staged.contains("derain.stage-networks=true"), staged);
  }

  @Test
  void invalidConfigsArePlannedWithTheirReason() throws Exception {
    List<TrialSpec> p = SweepPlan.build(parse("space { model.step0 = [1.0, 2.5] }, seeds = 1"));
    assertEquals(null, p.get(0).invalidReason());
    assertTrue(p.get(1).invalidReason().startsWith("model.step0"), p.get(1).invalidReason());
  }
}
