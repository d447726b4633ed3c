package io.bmo.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bmo.jobs.CliRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code train} with the ALISTA / LISTA-CPSS models and support selection: Spark local[2] and the single-JVM trainer
 * give bit-identical ω; bad support-selection settings fail with one line naming the key and write nothing.
 */
class SparseCodingModelsTrainTest {
  @TempDir
  Path dir;

  Path config(String model, double increment, double max) throws IOException {
    Path c = dir.resolve("tiny-" + model + ".conf");
    Files.writeString(c, String.join("\n",
        "name = tiny",
        "data { m = 16, n = 32, p = 0.15, snr-db = inf, train-examples = 70, test-examples = 20 }",
        "model { type = \"" + model + "\", layers = 4, support { increment = " + increment + ", max = " + max
            + " } }",
        "bmo { mu = 0.2, beta = 0.5, alpha = 0.9 }",
        "optimizer { lr = 1e-2 }",
        "train { steps = 5, batch-size = 0, shards = 5, block-size = 8, eval-every = 2, checkpoint-every = 2 }",
        ""));
    return c;
  }

  CliRunner.Result train(Path cfg, Path out, String... extra) {
    List<String> a = new ArrayList<>(List.of("train", cfg.toString(), "--out", out.toString(), "--quiet"));
    a.addAll(List.of(extra));
    return CliRunner.run(a.toArray(new String[0]));
  }

  @ParameterizedTest
  @CsvSource({"alista, 10, 30, 2", "lista-cpss, 10, 30, 2", "lista-tied, 20, 60, 3", "ista, 0, 0, 2"})
  void sparkLocal2AndSingleJvmAreBitIdentical(String model, double inc, double max, int files) throws IOException {
    Path cfg = config(model, inc, max);
    CliRunner.Result single = train(cfg, dir.resolve("single"), "--set", "spark.executor=local");
    assertEquals(0, single.code(), single.err());
    CliRunner.Result l2 = train(cfg, dir.resolve("l2"), "--master", "local[2]");
    assertEquals(0, l2.code(), l2.err());
    byte[][] a = TrainCommandTest.omegaFiles(dir.resolve("single"));
    assertEquals(files, a.length);
    assertArrayEquals(a, TrainCommandTest.omegaFiles(dir.resolve("l2")));
    assertTrue(l2.lastLine().contains("\"test_nmse_db\":"), l2.out());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "model.support.max = 150 | model.support.max",
      "model.support.increment = -1 | model.support.increment",
      "hypergradient.method = implicit, bmo.mu = 0 | hypergradient.method",
      "algorithm.type = joint, model.type = ista | model.support.increment"})
  void badSupportSettingsAreOneLineNamingTheKey(String overrides, String key) throws IOException {
    Path cfg = config("lista-tied", 1.2, 13);
    Path out = dir.resolve("bad");
    List<String> extra = new ArrayList<>();
    for (String kv : overrides.split(",")) {
      extra.add("--set");
      extra.add(kv.replace(" ", ""));
    }
    CliRunner.Result r = train(cfg, out, extra.toArray(new String[0]));
    assertEquals(2, r.code(), r.err());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    assertTrue(r.err().contains(key), r.err());
    assertFalse(Files.exists(out), "nothing written");
  }
}
