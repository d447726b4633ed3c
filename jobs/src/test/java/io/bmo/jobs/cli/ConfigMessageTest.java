package io.bmo.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bmo.jobs.CliRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A section set to a scalar, on train and sweep: exit 2, one line suggesting the section's type key, nothing written. */
class ConfigMessageTest {
  private static final String HINT = "model is a section; did you mean model.type=lista-tied?";

  @TempDir
  Path dir;

  @Test
  void trainSectionAsScalar() {
    CliRunner.Result r = CliRunner.run("train", "../conf/sparse-coding-smoke.conf", "--set", "model=lista-tied",
        "--out", dir.resolve("run").toString());
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().contains(HINT), r.err());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    assertFalse(Files.exists(dir.resolve("run")));
  }

  @Test
  void sweepSectionAsScalarAndOtherKeysNamed() {
    CliRunner.Result r = CliRunner.run("sweep", "../conf/sweep-tiny.conf", "--set", "model=lista-tied",
        "--out", dir.resolve("sw").toString());
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().contains(HINT), r.err());
    assertFalse(Files.exists(dir.resolve("sw")));
    CliRunner.Result bad = CliRunner.run("sweep", "../conf/sweep-tiny.conf", "--set", "train.stepz=3",
        "--out", dir.resolve("sw").toString());
    assertEquals(2, bad.code(), bad.err());
    assertTrue(bad.err().contains("train.stepz"), bad.err());
    CliRunner.Result range = CliRunner.run("sweep", "../conf/sweep-tiny.conf", "--set", "train.steps=-1",
        "--out", dir.resolve("sw").toString());
    assertEquals(2, range.code(), range.err());
    assertTrue(range.err().contains("train.steps"), range.err());
    CliRunner.Result sweepKey = CliRunner.run("sweep", "../conf/sweep-tiny.conf", "--set", "halving.eta=1",
        "--set", "halving.enabled=true", "--out", dir.resolve("sw").toString());
    assertEquals(2, sweepKey.code(), sweepKey.err());
    assertTrue(sweepKey.err().contains("halving.eta"), sweepKey.err());
    CliRunner.Result swept = CliRunner.run("sweep", "../conf/sweep-tiny.conf", "--set", "bmo.mu=0.1",
        "--out", dir.resolve("sw").toString());
    assertEquals(2, swept.code(), swept.err());
    assertTrue(swept.err().contains("bmo.mu"), swept.err());
    assertFalse(Files.exists(dir.resolve("sw")));
  }
}
