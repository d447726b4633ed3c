package io.bmo.jobs.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bmo.jobs.CliRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code report DIR1 DIR2}: plots and the cost-to-level table from two hand-written runs. */
class CostComparisonTest {
  @TempDir
  Path dir;

  static void run(Path d, double[] psnr, double costPerStep) throws Exception {
    Files.createDirectories(d);
    StringBuilder sb = new StringBuilder("step,loss,grad_norm,cost,cost_cumulative,test_psnr,examples,seconds\n");
    for (int k = 0; k < psnr.length; k++) {
      sb.append(k).append(',').append(1.0 / (k + 1)).append(",1.0,").append(costPerStep).append(',')
          .append(costPerStep * (k + 1)).append(',').append(psnr[k]).append(",4,0.5\n");
    }
    Files.writeString(d.resolve("metrics.csv"), sb.toString());
  }

  @Test
  void writesPlotsAndCostToReachLevels() throws Exception {
    run(dir.resolve("a"), new double[] {20, 22, 24, 25}, 100);
    run(dir.resolve("b"), new double[] {20, Double.NaN, 23, 24}, 10);
    CliRunner.Result r = CliRunner.run("report", dir.resolve("a").toString(), dir.resolve("b").toString(), "--out",
        dir.resolve("cmp").toString());
    assertEquals(0, r.code(), r.err());
    for (String f : List.of("compare_loss_vs_cost.png", "compare_test_vs_cost.png", "compare_test_vs_time.png",
        "compare_loss_vs_cost.svg", "compare_test_vs_cost.svg", "compare_test_vs_time.svg", "index.html")) {
      assertTrue(Files.size(dir.resolve("cmp").resolve(f)) > 0, f);
    }
    List<String> csv = Files.readAllLines(dir.resolve("cmp/compare.csv"));
    // common level = min of the runs' best PSNR = 24; a reaches 23 at cost 300, 24 at 300; b at 30 and 40
    assertEquals("run,final_loss,best_test_psnr,cost_cumulative,seconds,cost_to_23.00,cost_to_23.50,cost_to_24.00",
        csv.get(0));
    assertTrue(csv.get(1).endsWith(",300,300,300"), csv.get(1));
    assertTrue(csv.get(2).endsWith(",30,40,40"), csv.get(2));
  }
}
