package io.bmo.jobs.cli;

import io.bmo.jobs.UserError;
import io.bmo.jobs.io.Json;
import io.bmo.jobs.report.Report;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code report DIR}: HTML report with PNG plots of a sweep or a single run directory (no Spark).
 * {@code report DIR1 DIR2 … [--out OUT]}: comparison of several runs against cumulative cost and wall time
 * ({@link io.bmo.jobs.report.CostComparison}), written to OUT (default {@code DIR1/../compare}).
 */
@Command(name = "report", mixinStandardHelpOptions = true,
    description = "Write DIR/report/index.html with plots for a sweep or run directory; with several run "
        + "directories, a comparison vs cumulative cost.")
public final class ReportCommand implements Callable<Integer> {
  @Parameters(index = "0..*", arity = "1..*", paramLabel = "DIR", description = "sweep or run directories")
  List<String> dirs;
  @Option(names = "--out", description = "comparison output directory (several DIRs)")
  String out;

  private static Path local(String dir) {
    Path p = Path.of(dir.startsWith("file:") ? java.net.URI.create(dir).getPath() : dir);
    if (!Files.isDirectory(p)) {
      throw new UserError(dir + ": not a directory");
    }
    return p;
  }

  @Override
  public Integer call() throws Exception {
    System.setProperty("java.awt.headless", "true");
    if (dirs.size() > 1) {
      List<Path> ps = new ArrayList<>();
      for (String d : dirs) {
        ps.add(local(d));
      }
      Path o = out != null ? Path.of(out) : ps.get(0).toAbsolutePath().getParent().resolve("compare");
      Path index = io.bmo.jobs.report.CostComparison.write(ps, o);
      System.out.println(Json.write(Map.of("report", index.toAbsolutePath().toString())));
      return 0;
    }
    Path p = local(dirs.get(0));
    Path index = Report.write(p);
    System.out.println(Json.write(Map.of("report", index.toAbsolutePath().toString())));
    return 0;
  }
}
