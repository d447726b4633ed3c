package io.bmo.jobs.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.tuning.CrossValidatorModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Java program in README.md's "Spark ML Pipeline API" section compiles against this build and runs: the
 * cross-validator it saves loads, its average metrics are finite, the model it chose is their argmin, and what it
 * printed names that choice.
 */
class ReadmeExampleTest {
  @TempDir
  Path dir;

  /** The first {@code java} code block after the section heading. */
  static String exampleSource() throws Exception {
    return exampleSource("## Spark ML Pipeline API");
  }

  /** The first {@code java} code block after {@code heading}. */
  static String exampleSource(String heading) throws Exception {
    String readme = Files.readString(Path.of("..", "README.md"));
    int section = readme.indexOf(heading);
    assertTrue(section >= 0, "README section missing");
    int start = readme.indexOf("```java\n", section) + "```java\n".length();
    return readme.substring(start, readme.indexOf("```", start));
  }

  @Test
  void readmeProgramCompilesRunsAndSavesTheArgminModel() throws Exception {
    String out = dir.resolve("out").toUri().toString();
    ByteArrayOutputStream printed = compileAndRun(exampleSource(), "SparseCodingPipelineExample", out);

    var spark = io.bmo.jobs.SparkTestData.session("local[2]", "readme-example-test");
    try {
      CrossValidatorModel cv = CrossValidatorModel.load(out + "/cv");
      double[] metrics = cv.avgMetrics();
      assertEquals(4, metrics.length);
      assertTrue(Arrays.stream(metrics).allMatch(Double::isFinite), Arrays.toString(metrics));
      int best = 0;
      for (int g = 1; g < metrics.length; g++) {
        best = metrics[g] < metrics[best] ? g : best;
      }
      ParamMap chosen = cv.getEstimatorParamMaps()[best];
      SparseCodingModel model = (SparseCodingModel) ((PipelineModel) cv.bestModel()).stages()[0];
      SparseCodingEstimator est = (SparseCodingEstimator) ((org.apache.spark.ml.Pipeline) cv.getEstimator())
          .getStages()[0];
      assertEquals(chosen.apply(est.layers()), (Object) model.getLayers());
      assertEquals(chosen.apply(est.learningRate()), (Object) model.getLearningRate());
      List<String> lines = printed.toString(StandardCharsets.UTF_8).lines().toList();
      assertTrue(lines.contains("chosen layers " + model.getLayers() + ", learning rate " + model.getLearningRate()
          + "; mean fold NMSE (dB) per grid point " + Arrays.toString(metrics)), String.join("\n", lines));
      assertTrue(lines.stream().anyMatch(l -> l.startsWith("held-out NMSE -")), String.join("\n", lines));
    } finally {
      spark.stop();
    }
  }

  /** Compiles {@code source} as class {@code name} against the test class path and runs its main; its stdout. */
  ByteArrayOutputStream compileAndRun(String source, String name, String... args) throws Exception {
    Path src = dir.resolve(name + ".java");
    Files.writeString(src, source);
    Path classes = Files.createDirectories(dir.resolve("classes-" + name));
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
    int rc = javac.run(null, null, diagnostics, "-classpath", System.getProperty("java.class.path"), "-d",
        classes.toString(), src.toString());
    assertEquals(0, rc, diagnostics.toString(StandardCharsets.UTF_8));
    PrintStream stdout = System.out;
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()},
        getClass().getClassLoader())) {
      Method main = loader.loadClass(name).getMethod("main", String[].class);
      System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
      main.invoke(null, (Object) args);
    } finally {
      System.setOut(stdout);
    }
    return printed;
  }

  /**
   * The imaging program of the README on two generated 64 × 96 images: it saves the model of the regularizer with the
   * best validation PSNR, which loads, and prints that choice and a finite held-out PSNR.
   */
  @Test
  void readmeImagingProgramCompilesRunsAndSavesTheArgmaxModel() throws Exception {
    Path images = Files.createDirectories(dir.resolve("images"));
    for (int i = 0; i < 2; i++) {
      io.bmo.datasets.image.ImageFiles.writePng(new io.bmo.core.imaging.SyntheticImages(40 + i, 64, 96).image(0),
          images.resolve("img" + i + ".png"));
    }
    String out = dir.resolve("denoise").toUri().toString();
    List<String> lines = compileAndRun(exampleSource("### Imaging:"), "DenoisePipelineExample", images.toString(),
        out).toString(StandardCharsets.UTF_8).lines().toList();
    var spark = io.bmo.jobs.SparkTestData.session("local[2]", "readme-imaging-example-test");
    try {
      ImagingModel model = ImagingModel.load(out + "/model");
      assertTrue(lines.stream().anyMatch(l -> l.startsWith("chosen regularizer " + model.getRegularizer()
          + "; validation PSNR (dB) per grid point [")), String.join("\n", lines));
      String held = lines.stream().filter(l -> l.startsWith("held-out PSNR ")).findFirst().orElseThrow();
      double psnr = Double.parseDouble(held.substring("held-out PSNR ".length(), held.length() - " dB".length()));
      assertTrue(psnr > 20 && psnr < 60, held);
    } finally {
      spark.stop();
    }
  }
}
