package io.bmo.jobs.cli;

import io.bmo.jobs.UserError;
import io.bmo.jobs.report.Report;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code report DIR}: HTML report with PNG plots of a sweep or a single run directory (no Spark). */
@Command(name = "report", mixinStandardHelpOptions = true,
    description = "Write DIR/report/index.html with plots for a sweep or run directory.")
public final class ReportCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "DIR", description = "sweep or run directory (local path)")
  String dir;

  @Override
  public Integer call() throws Exception {
    Path p = Path.of(dir.startsWith("file:") ? java.net.URI.create(dir).getPath() : dir);
    if (!Files.isDirectory(p)) {
      throw new UserError(dir + ": not a directory");
    }
    System.setProperty("java.awt.headless", "true");
    Path index = Report.write(p);
    System.out.println("{\"report\":\"" + index.toAbsolutePath() + "\"}");
    return 0;
  }
}
