package io.bmo.jobs.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bmo.datasets.io.Npy;
import io.bmo.core.sparsecoding.SparseCodingGenerator;
import io.bmo.core.sparsecoding.SparseCodingSpec;
import io.bmo.jobs.CliRunner;
import io.bmo.jobs.MiniHdfs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Data in and checkpoints out through a real HDFS (an in-process MiniDFSCluster on loopback): train on .npy files
 * read from hdfs://, crash after a checkpoint written there, resume from it, and end bit-identical to the same run on
 * local files that was never interrupted (single JVM), while the HDFS run itself goes through Spark local[2].
 */
class HdfsTrainTest {
  static MiniHdfs cluster;
  static String hdfs;

  @TempDir
  static Path base;

  @BeforeAll
  static void startHdfs() throws IOException {
    cluster = MiniHdfs.start(base.resolve("hdfs"));
    hdfs = cluster.uri();
  }

  @AfterAll
  static void stopHdfs() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void trainsFromHdfsAndResumesFromAnHdfsCheckpoint() throws Exception {
    Path local = base.resolve("data");
    Files.createDirectories(local);
    SparseCodingGenerator g = new SparseCodingGenerator(new SparseCodingSpec(12, 24, 0.2, 40, 3));
    int n = 40;
    double[] b = new double[12 * n];
    double[] x = new double[24 * n];
    g.block(0, n, b, x);
    Npy.write(local.resolve("A.npy"), Npy.ofColumnMajor(12, 24, g.dictionary()));
    Npy.write(local.resolve("b.npy"), Npy.ofMatrix(n, 12, b));
    Npy.write(local.resolve("x.npy"), Npy.ofMatrix(n, 24, x));
    for (String f : new String[] {"A.npy", "b.npy", "x.npy"}) {
      cluster.put(local.resolve(f), hdfs + "/in/" + f);
    }
    String body = "name = hdfs\ntrain { steps = 6, shards = 3, block-size = 8, eval-every = 3, checkpoint-every = 2,"
        + " batch-size = 16 }\nmodel { type = ista-layerwise, layers = 3 }\noptimizer { lr = 1e-2 }\n"
        + "spark { executor = local }\n";
    Path cfgLocal = base.resolve("local.conf");
    Files.writeString(cfgLocal, body + "data { source = files, dictionary = \"" + local.resolve("A.npy")
        + "\", train-signals = \"" + local.resolve("b.npy") + "\", train-codes = \"" + local.resolve("x.npy")
        + "\", test-signals = \"" + local.resolve("b.npy") + "\", test-codes = \"" + local.resolve("x.npy")
        + "\" }\n");
    Path cfgHdfs = base.resolve("hdfs.conf");
    Files.writeString(cfgHdfs, body + "data { source = files, dictionary = \"" + hdfs + "/in/A.npy\","
        + " train-signals = \"" + hdfs + "/in/b.npy\", train-codes = \"" + hdfs + "/in/x.npy\","
        + " test-signals = \"" + hdfs + "/in/b.npy\", test-codes = \"" + hdfs + "/in/x.npy\" }\n"
        + "spark { executor = spark }\n");

    CliRunner.Result ref = CliRunner.run("train", cfgLocal.toString(), "--out", base.resolve("ref").toString(),
        "--quiet");
    assertEquals(0, ref.code(), ref.err());

    String run = hdfs + "/runs/r1";
    System.setProperty("bmo.test.crash-after-step", "4");
    CliRunner.Result crashed;
    try {
      crashed = CliRunner.run("train", cfgHdfs.toString(), "--out", run, "--quiet", "--master", "local[2]");
    } finally {
      System.clearProperty("bmo.test.crash-after-step");
    }
    assertEquals(1, crashed.code(), crashed.err());
    assertTrue(cluster.exists(run + "/checkpoints/step-000000004/omega/theta.npy"));
    CliRunner.Result resumed = CliRunner.run("train", "--resume", run, "--quiet", "--master", "local[2]");
    assertEquals(0, resumed.code(), resumed.err());
    assertTrue(resumed.lastLine().contains(hdfs), resumed.out());
    for (String f : new String[] {"theta.npy", "step.npy"}) {
      byte[] want = Files.readAllBytes(base.resolve("ref/omega/" + f));
      assertArrayEquals(want, cluster.read(run + "/omega/" + f), f);
    }
  }
}
