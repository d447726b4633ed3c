package io.bmo.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.bmo.core.param.ParamLayout;
import io.bmo.jobs.CliRunner;
import io.bmo.jobs.io.Json;
import io.bmo.jobs.io.OmegaFiles;
import io.bmo.jobs.run.MetricsLog;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hypergrad CONFIG --omega DIR} for any family (here the quadratic anchor): at ω₀ = 0 its loss is bit for bit
 * the loss that {@code train} records at step 0 (an independent path: the training loop on Spark's local mode), and
 * at the closed-form θ* from the run's manifest the hypergradient vanishes.
 */
class HypergradConfigFormTest {
  @TempDir
  Path dir;

  @Test
  void lossMatchesTrainAndGradientVanishesAtThetaStar() throws Exception {
    String conf = Path.of("..", "conf", "quadratic.conf").toString();
    Path run = dir.resolve("run");
    CliRunner.Result t = CliRunner.run("train", conf, "--quiet", "--set", "train.steps=1", "--out", run.toString());
    assertEquals(0, t.code(), t.err());
    MetricsLog m = MetricsLog.fromCsv(Files.readString(run.resolve("metrics.csv")), "metrics.csv");
    JsonNode manifest = Json.parse(Files.readString(run.resolve("manifest.json")), "manifest.json");
    double[] star = new double[manifest.path("theta_star").size()];
    for (int i = 0; i < star.length; i++) {
      star[i] = manifest.path("theta_star").get(i).asDouble();
    }
    ParamLayout layout = ParamLayout.builder().add("theta", star.length).build();

    Path zero = dir.resolve("zero");
    OmegaFiles.write(zero, layout, new double[star.length]);
    CliRunner.Result h0 = CliRunner.run("hypergrad", conf, "--omega", zero.toString(), "--out",
        dir.resolve("g0").toString());
    assertEquals(0, h0.code(), h0.err());
    JsonNode r0 = Json.parse(h0.lastLine(), "stdout");
    assertEquals(m.rows().get(0).loss(), r0.path("loss").asDouble(), 0.0, h0.lastLine());
    assertEquals("quadratic", r0.path("problem").asText());
    assertTrue(r0.path("grad_norm").asDouble() > 1e-3, h0.lastLine());

    Path atStar = dir.resolve("star");
    OmegaFiles.write(atStar, layout, star);
    CliRunner.Result hs = CliRunner.run("hypergrad", conf, "--omega", atStar.toString(), "--out",
        dir.resolve("gs").toString());
    assertEquals(0, hs.code(), hs.err());
    double g = Json.parse(hs.lastLine(), "stdout").path("grad_norm").asDouble();
    assertTrue(g < 1e-9 * r0.path("grad_norm").asDouble() + 1e-12, hs.lastLine());
    assertTrue(Files.isRegularFile(dir.resolve("gs").resolve("theta.npy")));
  }

  @Test
  void shortFormOptionsNeedNoConfig() {
    CliRunner.Result r = CliRunner.run("hypergrad", Path.of("..", "conf", "quadratic.conf").toString(), "--model",
        "ista", "--omega", dir.toString(), "--out", dir.resolve("o").toString());
    assertEquals(2, r.code());
    assertTrue(r.err().contains("--model: unknown option"), r.err());
  }
}
