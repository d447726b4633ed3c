package io.bmo.jobs.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report page in a real browser: headless Chromium loads a copy of {@code index.html} (same directory, so the
 * same relative figure paths) that also loads every linked SVG as an image and, on the window's load event, lists
 * every image's natural size in the DOM; {@code --dump-dom} prints that DOM. Every PNG and SVG in the report
 * directory must have been shown or linked, and have decoded to a non-empty image.
 *
 * <p>Without a Chromium on PATH (or in {@code BMO_CHROMIUM}) the test is skipped with a message, unless
 * {@code BMO_BROWSER_CHECK=required} (set by {@code .ci/run}, which installs Debian's chromium), then it fails.
 */
class ReportBrowserTest {
  /** Generous bound for one headless page load on a loaded 2-core machine. */
  private static final long BROWSER_SECONDS = 120;
  private static final Pattern SVG_LINK = Pattern.compile("href=\"([^\"]+\\.svg)\"");
  private static final Pattern RESULT = Pattern.compile(
      "<pre id=\"bmo-figure-check\">(.*?)</pre>", Pattern.DOTALL);

  @TempDir
  Path dir;

  /** The Chromium executable, or null. */
  static String chromium() {
    String env = System.getenv("BMO_CHROMIUM");
    if (env != null && !env.isBlank()) {
      return env;
    }
    for (String name : List.of("chromium", "chromium-browser", "google-chrome")) {
      for (String p : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
        if (!p.isEmpty() && Files.isExecutable(Path.of(p, name))) {
          return Path.of(p, name).toString();
        }
      }
    }
    return null;
  }

  private static String requireChromium() {
    String c = chromium();
    if (c == null) {
      String msg = "chromium not found on PATH (apt-get install chromium): report page not checked in a browser";
      if ("required".equals(System.getenv("BMO_BROWSER_CHECK"))) {
        fail(msg + ", but BMO_BROWSER_CHECK=required");
      }
      Assumptions.abort(msg);
    }
    return c;
  }

  /** Image src → "WIDTHxHEIGHT" as the browser decoded them after the page's load event. */
  static Map<String, String> loadedImages(String chromium, Path index, Path profile) throws Exception {
    String html = Files.readString(index);
    StringBuilder extra = new StringBuilder();
    Matcher m = SVG_LINK.matcher(html);
    while (m.find()) {
      extra.append("<img class=\"bmo-svg-check\" src=\"").append(m.group(1)).append("\" alt=\"\">\n");
    }
    extra.append("<script>window.addEventListener('load', () => {"
        + " const out = [];"
        + " for (const img of document.images) {"
        + "  out.push(img.getAttribute('src') + ' ' + img.naturalWidth + 'x' + img.naturalHeight); }"
        + " const pre = document.createElement('pre'); pre.id = 'bmo-figure-check';"
        + " pre.textContent = out.join('\\n'); document.body.appendChild(pre); });</script>\n");
    Path check = index.resolveSibling("browser-check.html");
    Files.writeString(check, html.replace("</body>", extra + "</body>"));
    Path out = profile.resolve("dom.html");
    Path err = profile.resolve("stderr.txt");
    Process p = new ProcessBuilder(chromium, "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
        "--user-data-dir=" + profile.resolve("user-data"), "--virtual-time-budget=10000", "--dump-dom",
        check.toUri().toString())
        .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!p.waitFor(BROWSER_SECONDS, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      fail("chromium did not finish within " + BROWSER_SECONDS + " s");
    }
    String dom = Files.readString(out, StandardCharsets.UTF_8);
    Matcher r = RESULT.matcher(dom);
    assertTrue(r.find(), "no figure list in the DOM (exit " + p.exitValue() + "): " + tail(err));
    Map<String, String> sizes = new TreeMap<>();
    for (String line : r.group(1).strip().split("\n")) {
      String[] f = line.trim().split(" ");
      sizes.put(f[0], f[1]);
    }
    return sizes;
  }

  private static String tail(Path f) throws IOException {
    List<String> l = Files.readAllLines(f);
    return String.join("\n", l.subList(Math.max(0, l.size() - 5), l.size()));
  }

  private static void everyFigureLoaded(Path reportDir, Map<String, String> sizes) throws IOException {
    TreeSet<String> files = new TreeSet<>();
    try (Stream<Path> s = Files.list(reportDir)) {
      s.map(q -> q.getFileName().toString()).filter(n -> n.endsWith(".png") || n.endsWith(".svg"))
          .forEach(files::add);
    }
    assertTrue(files.size() >= 2, "figures written: " + files);
    assertEquals(files, new TreeSet<>(sizes.keySet()), "every figure file is shown or linked, nothing else");
    List<String> broken = new ArrayList<>();
    sizes.forEach((src, wh) -> {
      if (wh.startsWith("0x") || wh.endsWith("x0")) {
        broken.add(src + " " + wh);
      }
    });
    assertTrue(broken.isEmpty(), "figures the browser could not decode: " + broken);
  }

  @Test
  void sweepReportShowsEveryFigureInChromium() throws Exception {
    String chromium = requireChromium();
    Path sweep = ReportFixtures.sweepWithDepthCurves(Files.createDirectories(dir.resolve("sweep")));
    Path index = Report.write(sweep);
    Map<String, String> sizes = loadedImages(chromium, index, Files.createDirectories(dir.resolve("chrome")));
    everyFigureLoaded(index.getParent(), sizes);
    assertEquals(10, sizes.size(), "five figures (one per swept key among them), PNG and SVG: " + sizes);
    assertEquals(Figures.WIDTH + "x" + Figures.HEIGHT, sizes.get("convergence_loss.png"));
  }
}
