package io.bmo.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Failure messages reach the user on one line, without the stack frames Spark embeds in job-failure text. */
class MainMessageTest {
  @Test
  void sparkJobFailureTextIsCutAtTheFirstFrame() {
    String spark = "Job aborted due to stage failure: Task 0 in stage 1.0 failed 1 times, most recent failure: Lost"
        + " task 0.0 (TID 2): java.lang.IllegalArgumentException: bad value\n\tat io.bmo.core.X.f(X.java:1)\n\tat"
        + " org.apache.spark.rdd.RDD.iterator(RDD.scala:338)\n\nDriver stacktrace:\n\tat y";
    assertEquals("Job aborted due to stage failure: Task 0 in stage 1.0 failed 1 times, most recent failure: Lost"
        + " task 0.0 (TID 2): java.lang.IllegalArgumentException: bad value", Main.oneLine(spark));
  }

  @Test
  void plainMessagesOnlyLoseTheirLineBreaks() {
    assertEquals("cannot write file:/a/b.npy: No space left on device",
        Main.oneLine("cannot write file:/a/b.npy: No space left on device\n"));
    assertEquals("a b", Main.oneLine("a\nb"));
    assertEquals("", Main.oneLine(null));
  }
}
