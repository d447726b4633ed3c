package io.bmo.jobs.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bmo.jobs.UserError;
import io.bmo.jobs.run.MetricsLog;
import io.bmo.jobs.run.FamilySetup;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Validation of the denoise / deblur / quadratic config keys; every rejection names its key. */
class ImagingConfigTest {
  static TrainConfig parse(String... sets) {
    return TrainConfig.from(ConfigLoader.load(null, List.of(sets)));
  }

  /** Parsing, or else building the run (where a family validates its section), fails naming {@code key}. */
  static void rejected(String key, String... sets) {
    UserError e = assertThrows(UserError.class, () -> FamilySetup.create(parse(sets)),
        String.join(" ", sets));
    assertTrue(e.getMessage().startsWith(key + ":"), e.getMessage());
    assertTrue(!e.getMessage().contains("\n"), e.getMessage());
  }

  static String[] with(String problem, String... more) {
    List<String> l = new ArrayList<>(List.of("problem=" + problem));
    l.addAll(List.of(more));
    return l.toArray(new String[0]);
  }

  @Test
  void imagingConfigsParseWithoutSparseCodingSections() {
    TrainConfig c = parse(with("denoise", "imaging.regularizer=foe"));
    assertEquals("denoise", c.problemName());
    FamilySetup setup = FamilySetup.create(c);
    assertEquals("foe", setup.resultFields(setup.initialOmega(), new MetricsLog()).get("regularizer"));
    assertEquals("48x48", setup.manifestFields().get("image_shape"));
    assertEquals(1L, setup.seeds().get("data"));
  }

  /**
   * A key only another problem reads is named and rejected when given with a value other than its default (it would
   * be ignored); at its default it passes, as in a stored config that renders every key.
   */
  @Test
  void keysOfAnotherProblemAreRejected() {
    for (String[] sets : List.of(with("denoise", "model.layers=0"), with("denoise", "bmo.mu=7"),
        with("denoise", "hypergradient.method=bogus"), with("quadratic", "imaging.lower.tol=0.5"),
        with("denoise", "imaging.blur.size=3"), with("deblur", "quadratic.m=3"), with("sparse-coding",
        "data.crop-size=16"))) {
      String key = sets[1].substring(0, sets[1].indexOf('='));
      UserError e = assertThrows(UserError.class, () -> parse(sets), String.join(" ", sets));
      assertTrue(e.getMessage().startsWith("--set: " + key + ": read only by problem"), e.getMessage());
    }
    assertEquals("denoise", parse(with("denoise", "model.layers=16", "quadratic.m=10")).problemName());
    assertEquals("deblur", parse(with("deblur", "imaging.blur.size=3", "data.seed=5")).problemName());
  }

  @Test
  void sparseCodingStillValidatesItsOwnKeys() {
    rejected("model.layers", "model.layers=0");
    assertEquals(16, FamilySetup.create(parse()).problem().layout().block("theta").size());
  }

  @Test
  void badImagingKeysAreNamed() {
    rejected("problem", "problem=segmentation");
    rejected("imaging.regularizer", with("denoise", "imaging.regularizer=wavelet"));
    rejected("data.noise-sigma", with("denoise", "data.noise-sigma=-0.1"));
    rejected("data.crop-size", with("denoise", "data.crop-size=2"));
    rejected("data.train-examples", with("denoise", "data.train-examples=0"));
    rejected("data.test-seed", with("denoise", "data.test-seed=1"));
    rejected("imaging.lower.tol", with("denoise", "imaging.lower.tol=0"));
    rejected("imaging.cg.tol", with("denoise", "imaging.cg.tol=-1"));
    rejected("imaging.cg.max-iterations", with("denoise", "imaging.cg.max-iterations=0"));
    rejected("imaging.lower.lipschitz-safety", with("denoise", "imaging.lower.lipschitz-safety=0.5"));
    rejected("imaging.foe.size", with("denoise", "imaging.regularizer=foe", "imaging.foe.size=4"));
    rejected("imaging.foe.filters", with("denoise", "imaging.regularizer=foe", "imaging.foe.size=3",
        "imaging.foe.filters=9"));
    rejected("imaging.foe.init", with("denoise", "imaging.regularizer=foe", "imaging.foe.init=zeros"));
    rejected("imaging.blur", with("deblur", "imaging.blur.size=4"));
    rejected("imaging.blur.kernel", with("deblur", "imaging.blur.kernel=\"motion.txt\""));
    rejected("imaging.tv.log-scale", with("denoise", "imaging.tv.log-scale=big"));
  }

  @Test
  void quadraticKeys() {
    TrainConfig q = parse(with("quadratic", "quadratic.p=3", "quadratic.r1=5"));
    assertEquals(3, FamilySetup.create(q).initialOmega().length);
    rejected("quadratic.r2", with("quadratic", "quadratic.m=20", "quadratic.r2=10"));
    rejected("quadratic.r1", with("quadratic", "quadratic.p=9", "quadratic.r1=8"));
    rejected("quadratic.lower-tol", with("quadratic", "quadratic.lower-tol=0"));
    rejected("quadratic.samples", with("quadratic", "quadratic.samples=0"));
  }
}
