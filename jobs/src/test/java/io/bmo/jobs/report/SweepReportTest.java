package io.bmo.jobs.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.apache.commons.text.StringEscapeUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sweep report from hand-written tables and metrics (no Spark): every plot is written and linked. */
class SweepReportTest {
  @TempDir
  Path dir;

  @Test
  void writesPlotsAndTable() throws Exception {
    ReportFixtures.sweep(dir);
    Path index = Report.write(dir);
    String html = Files.readString(index);
    for (String png : List.of("convergence_loss.png", "convergence_test_nmse_db.png", "seed_spread.png",
        "dimension_bmo.mu.png")) {
      assertTrue(html.contains(png), png);
      assertTrue(ImageIO.read(dir.resolve("report").resolve(png).toFile()).getHeight() > 0, png);
      String svg = png.replace(".png", ".svg");
      assertTrue(html.contains("<a href=\"" + svg + "\">"), svg + " linked");
      assertTrue(Files.readString(dir.resolve("report").resolve(svg)).contains("<svg"), svg);
    }
    assertTrue(html.contains("No <code>nmse_vs_layers.csv</code>"));
    assertTrue(html.contains("training diverged at step 1: x &lt;&amp;&gt; y"));
    assertTrue(html.contains("Paired comparison") && html.contains("<td>0.0123</td><td>0.250</td>"), html);
  }

  @Test
  void escapingIsTheOldOneOnAsciiAndLosslessBeyond() {
    String ascii = "a<b>&\"c\" 'd' #1 mu=0.2";
    assertEquals(ascii.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;"),
        Report.esc(ascii));
    String greek = "φ μ = 0 ± σ – naïve";
    assertEquals(greek, StringEscapeUtils.unescapeHtml4(Report.esc(greek)));
    assertEquals("", Report.esc(null));
  }
}
