package io.bmo.jobs;

import io.bmo.jobs.cli.BaselineCommand;
import io.bmo.jobs.cli.EvaluateCommand;
import io.bmo.jobs.cli.HypergradCommand;
import io.bmo.jobs.cli.ReportCommand;
import io.bmo.jobs.cli.ReproduceCommand;
import io.bmo.jobs.cli.SweepCommand;
import io.bmo.jobs.cli.TrainCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code bmo} command line ({@code ./submit.sh <command> …}). Exit status: 0 success, 2 bad input (one line on
 * stderr naming the option, key, file or value; nothing written), 1 failure while running.
 */
@Command(name = "bmo", mixinStandardHelpOptions = true, version = "bmo 0.1.0",
    description = "Bilevel meta optimization on Apache Spark.",
    subcommands = {HypergradCommand.class, TrainCommand.class, EvaluateCommand.class, BaselineCommand.class,
        SweepCommand.class, ReportCommand.class, ReproduceCommand.class})
public final class Main implements Runnable {
  /** Exit status for bad input. */
  public static final int EXIT_USAGE = 2;
  /** Exit status for failures at run time. */
  public static final int EXIT_FAILURE = 1;

  @Override
  public void run() {
    CommandLine.usage(this, System.err);
  }

  /**
   * The {@code bmo} command line; exits with the command's status.
   *
   * @param args the command and its options
   */
  public static void main(String[] args) {
    int code = execute(args);
    System.out.flush();
    System.err.flush();
    System.exit(code);
  }

  /**
   * Runs the CLI and returns the exit status (for tests).
   *
   * @param args the command and its options
   * @return the exit status (0 success, 1 failure, 2 bad input)
   */
  public static int execute(String... args) {
    CommandLine cl = new CommandLine(new Main());
    cl.setParameterExceptionHandler((ex, a) -> {
      String cmd = ex.getCommandLine().getCommandName();
      System.err.println("bmo " + cmd + ": error: " + ex.getMessage().replace('\n', ' '));
      return EXIT_USAGE;
    });
    cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
      String cmd = commandLine.getCommandName();
      Throwable t = ex;
      if (t instanceof UserError) {
        System.err.println("bmo " + cmd + ": error: " + oneLine(t.getMessage()));
        return EXIT_USAGE;
      }
      System.err.println("bmo " + cmd + ": failed: " + oneLine(String.valueOf(t.getMessage())));
      if (System.getenv("BMO_DEBUG") != null) {
        t.printStackTrace();
      }
      return EXIT_FAILURE;
    });
    return cl.execute(args);
  }

  /**
   * The message on one line, without stack frames: Spark puts a failed task's remote stack trace into the text of its
   * job-failure message ("… IllegalArgumentException: reason\n\tat …"), which is cut at the first frame.
   */
  static String oneLine(String s) {
    if (s == null) {
      return "";
    }
    int frame = s.indexOf("\tat ");
    if (frame >= 0) {
      s = s.substring(0, frame);
    }
    return s.replace('\n', ' ').replace('\r', ' ').strip();
  }
}
