package io.bmo.jobs.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;

/** Figures: PNG and SVG of the same size, well-formed and deterministic SVG, readable distinct log-axis ticks. */
class FiguresTest {
  @TempDir
  Path dir;

  private static Element svgRoot(Path svg) throws Exception {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
    return f.newDocumentBuilder().parse(svg.toFile()).getDocumentElement();
  }

  @Test
  void lineChartWritesPngAndTheSameFigureAsSvg() throws Exception {
    LineChart c = new LineChart("Loss <&> φ", "step", "loss", true)
        .add(new Series("config a", new double[] {1, 2, 3, 4}, new double[] {1e-1, 2e-2, Double.NaN, 1e-3},
            new double[] {5e-2, 1e-2, Double.NaN, -1}, new double[] {2e-1, 3e-2, Double.NaN, 2e-3}))
        .add(Series.line("config b", new double[] {1, 4}, new double[] {5e-2, 4e-3}));
    Path png = dir.resolve("loss.png");
    c.write(png);
    BufferedImage img = ImageIO.read(png.toFile());
    assertEquals(Figures.WIDTH, img.getWidth());
    assertEquals(Figures.HEIGHT, img.getHeight());
    Path svg = Figures.svgOf(png);
    assertEquals("loss.svg", svg.getFileName().toString());
    Element root = svgRoot(svg);
    assertEquals("svg", root.getTagName());
    assertEquals(Figures.WIDTH, Double.parseDouble(root.getAttribute("width")), 0);
    assertEquals(Figures.HEIGHT, Double.parseDouble(root.getAttribute("height")), 0);
    String text = root.getTextContent();
    for (String s : List.of("Loss <&> φ", "config a", "config b", "step", "0.001", "0.01", "0.1")) {
      assertTrue(text.contains(s), s + " in the SVG's text");
    }
    byte[] first = Files.readAllBytes(svg);
    c.write(png);
    assertArrayEquals(first, Files.readAllBytes(svg), "SVG is deterministic");
  }

  @Test
  void spreadChartLabelsEveryColumn() throws Exception {
    SpreadChart s = new SpreadChart("Spread", "nmse");
    s.add(new SpreadChart.Column("#1 lista-tied mu=0.2", new double[] {-3, -3.5, Double.NaN}, -3.25, -6.4, -0.1));
    s.add(new SpreadChart.Column("#2 " + "x".repeat(80), new double[0], Double.NaN, Double.NaN, Double.NaN));
    Path png = dir.resolve("spread.png");
    s.write(png);
    assertTrue(ImageIO.read(png.toFile()).getHeight() > Figures.HEIGHT);
    String text = svgRoot(Figures.svgOf(png)).getTextContent();
    assertTrue(text.contains("#1 lista-tied mu=0.2"), "rotated labels stay SVG text");
    assertTrue(text.contains("#2 " + "x".repeat(SpreadChart.LABEL_CHARS - 4) + "…"), "long label cut");
  }

  @Test
  void logTicksAreRoundAndTheirLabelsDistinct() {
    assertEquals(List.of(1e-4, 1e-3, 1e-2, 1e-1, 1.0, 10.0), DecadeAxis.values(5e-5, 20));
    assertEquals(List.of(1e-4, 2e-4, 5e-4, 1e-3, 2e-3, 5e-3, 1e-2, 2e-2), DecadeAxis.values(9e-5, 0.03));
    assertEquals(List.of("1e-04", "2e-04", "5e-04", "0.001", "0.002", "0.005", "0.01", "0.02"),
        DecadeAxis.labels(DecadeAxis.values(9e-5, 0.03)));
    List<Double> narrow = DecadeAxis.values(0.5, 0.8);
    assertTrue(narrow.size() >= 4, narrow.toString());
    for (double[] range : new double[][] {{0.5, 0.8}, {1.21e7, 1.24e7}, {1 + 1e-6, 1 + 5e-6}, {3e-9, 4e-9}}) {
      List<Double> v = DecadeAxis.values(range[0], range[1]);
      List<String> l = DecadeAxis.labels(v);
      assertTrue(v.size() >= 2, v.toString());
      assertEquals(l.size(), new HashSet<>(l).size(), "distinct labels " + l);
    }
    assertEquals(List.of("1.5e+07", "2e+07"), DecadeAxis.labels(List.of(1.5e7, 2e7)));
  }
}
