package io.bmo.jobs.family;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bmo.jobs.CliRunner;
import io.bmo.jobs.MiniHdfs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Deraining through a real HDFS (an in-process MiniDFSCluster on loopback), as a user with Rain100L on a cluster runs
 * it: the training and test images read from hdfs://, the run written there by Spark local[2] with the same ω bits as
 * the single JVM's run on local files; {@code evaluate --pairs} on hdfs:// pairs (a directory and a glob) prints the
 * same figures and writes the same CSV and images into the HDFS run as the local run on local pairs.
 */
class DerainHdfsTest {
  @TempDir
  Path dir;

  @Test
  void trainsOnHdfsImagesAndEvaluatesHdfsPairsLikeLocalFiles() throws Exception {
    DerainFamilyTest local = new DerainFamilyTest();
    local.dir = dir;
    Path cfg = local.conf();
    Path pairs = local.pairs();
    Path ref = dir.resolve("ref");
    CliRunner.Result trained = local.train(cfg, ref, "--set", "spark.executor=local");
    assertEquals(0, trained.code(), trained.err());
    CliRunner.Result evaluated = CliRunner.run("evaluate", "--run", ref.toString(), "--pairs", pairs.toString(),
        "--save-images");
    assertEquals(0, evaluated.code(), evaluated.err());

    try (MiniHdfs h = MiniHdfs.start(dir.resolve("hdfs"))) {
      String u = h.uri();
      h.putDir(dir.resolve("train"), "/data/train");
      h.putDir(dir.resolve("test"), "/data/test");
      h.putDir(pairs, "/data/pairs");
      String run = u + "/runs/derain";
      CliRunner.Result r = CliRunner.run("train", cfg.toString(), "--out", run, "--quiet", "--master", "local[2]",
          "--set", "derain.images=\"" + u + "/data/train\"", "--set", "derain.test-images=\"" + u + "/data/test\"");
      assertEquals(0, r.code(), r.err());
      assertTrue(r.lastLine().contains(run), r.lastLine());
      List<String> blocks = DerainFamilyTest.blockFiles(ref);
      assertTrue(blocks.contains("filters.npy"), blocks.toString());
      for (String f : blocks) {
        assertArrayEquals(Files.readAllBytes(ref.resolve("omega/" + f)), h.read(run + "/omega/" + f), f);
      }

      for (String spec : new String[] {u + "/data/pairs", u + "/data/pairs/rain-00*.png"}) {
        CliRunner.Result ev = CliRunner.run("evaluate", "--run", run, "--pairs", spec, "--save-images");
        assertEquals(0, ev.code(), ev.err());
        assertEquals(figures(evaluated.lastLine()), figures(ev.lastLine()), spec);
        assertTrue(ev.lastLine().contains("\"pairs\":2"), ev.lastLine());
        assertArrayEquals(Files.readAllBytes(ref.resolve("evaluate_pairs.csv")), h.read(run + "/evaluate_pairs.csv"));
        for (String png : new String[] {"rain-001.png", "rain-002.png", "rain-001_stages.png"}) {
          assertArrayEquals(Files.readAllBytes(ref.resolve("pairs/" + png)), h.read(run + "/pairs/" + png), png);
        }
      }
      // a partner missing on HDFS is named, as on local files
      assertTrue(h.fs().delete(new org.apache.hadoop.fs.Path(u + "/data/pairs/norain-002.png"), false));
      CliRunner.Result missing = CliRunner.run("evaluate", "--run", run, "--pairs", u + "/data/pairs");
      assertEquals(2, missing.code(), missing.err());
      assertTrue(missing.err().contains("norain-002.png"), missing.err());
    }
  }

  /** The line's figures without the paths it names (run, CSV, image directory). */
  private static String figures(String line) {
    return line.replaceAll("\"(run_dir|csv|png_dir)\":\"[^\"]*\",?", "");
  }
}
