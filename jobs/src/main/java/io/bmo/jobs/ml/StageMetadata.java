package io.bmo.jobs.ml;

import com.fasterxml.jackson.databind.JsonNode;
import io.bmo.jobs.io.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.ParamPair;
import org.apache.spark.ml.param.Params;

/**
 * A saved stage's {@code metadata/part-00000}: one line of JSON in the layout Spark's own ML writers use
 * ({@code class}, {@code timestamp}, {@code sparkVersion}, {@code uid}, {@code paramMap}, {@code defaultParamMap},
 * each parameter value as its {@link Param#jsonEncode}), so that {@code PipelineModel.load} and
 * {@code CrossValidatorModel.load} find the class and call its {@code read()}; plus {@code bmoFormat} (the version
 * of this layout) and stage-specific fields. Written and parsed with Jackson ({@link Json}); parameters too large
 * for JSON (the dictionary) are left out here and stored as {@code .npy} by the stage.
 */
final class StageMetadata {
  /** Version of the saved layout; a reader refuses any other. */
  static final int FORMAT = 1;
  static final String DIR = "metadata";

  private final String uri;
  private final JsonNode root;

  private StageMetadata(String uri, JsonNode root) {
    this.uri = uri;
    this.root = root;
  }

  /**
   * Writes {@code instance}'s metadata to {@code dir/metadata/part-00000}.
   *
   * @param skip names of parameters not to write (stored elsewhere by the caller)
   * @param extra further top-level fields (values as accepted by {@link Json#write})
   */
  static void write(StageFiles dir, Params instance, String sparkVersion, Set<String> skip, Map<String, Object> extra)
      throws IOException {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("class", instance.getClass().getName());
    m.put("timestamp", System.currentTimeMillis());
    m.put("sparkVersion", sparkVersion);
    m.put("uid", instance.uid());
    m.put("paramMap", encode(instance.paramMap(), skip));
    m.put("defaultParamMap", encode(instance.defaultParamMap(), skip));
    m.put("bmoFormat", FORMAT);
    m.putAll(new java.util.TreeMap<>(extra));
    dir.writeText(DIR + "/part-00000", Json.write(m) + "\n");
  }

  private static Map<String, Object> encode(ParamMap map, Set<String> skip) {
    List<ParamPair<?>> pairs = new ArrayList<>(map.toList());
    pairs.sort(Comparator.comparing(p -> p.param().name()));
    Map<String, Object> out = new LinkedHashMap<>();
    for (ParamPair<?> p : pairs) {
      if (!skip.contains(p.param().name())) {
        out.put(p.param().name(), new Json.Raw(jsonOf(p)));
      }
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  private static <T> String jsonOf(ParamPair<T> p) {
    return ((Param<Object>) p.param()).jsonEncode(p.value());
  }

  /**
   * Reads and checks the metadata of the stage in {@code dir}: the directory exists, the JSON parses, the class is
   * {@code expected} and the layout version is {@link #FORMAT}.
   *
   * @throws IOException naming what is wrong (the caller adds the stage path)
   */
  static StageMetadata read(StageFiles dir, Class<?> expected) throws IOException {
    if (!dir.isDirectory()) {
      throw new IOException("no such directory");
    }
    String text = dir.readFirstPart(DIR);
    JsonNode root = Json.parse(text.strip(), dir.uri() + "/" + DIR);
    String cls = root.path("class").asText("");
    if (!cls.equals(expected.getName())) {
      throw new IOException("holds " + (cls.isEmpty() ? "no class name" : "a " + cls) + ", expected "
          + expected.getName());
    }
    if (!root.path("uid").isTextual()) {
      throw new IOException(DIR + ": no uid");
    }
    int format = root.path("bmoFormat").asInt(-1);
    if (format != FORMAT) {
      throw new IOException(DIR + ": bmoFormat " + root.path("bmoFormat") + " is not supported (expected "
          + FORMAT + ")");
    }
    return new StageMetadata(dir.uri(), root);
  }

  /** The saved uid. */
  String uid() {
    return root.path("uid").asText();
  }

  /**
   * A stage-specific top-level field.
   *
   * @throws IOException when it is missing
   */
  JsonNode field(String name) throws IOException {
    JsonNode n = root.get(name);
    if (n == null || n.isNull()) {
      throw new IOException(DIR + ": field '" + name + "' missing");
    }
    return n;
  }

  /**
   * Sets the saved defaults and then the saved explicit values on {@code instance} (decoded with each
   * {@link Param#jsonDecode}; validators run as on {@code set}).
   *
   * @throws IOException naming an unknown parameter or a value the parameter rejects
   */
  void setParams(Params instance) throws IOException {
    apply(instance, "defaultParamMap", true);
    apply(instance, "paramMap", false);
  }

  private void apply(Params instance, String section, boolean defaults) throws IOException {
    JsonNode node = root.get(section);
    if (node == null || !node.isObject()) {
      throw new IOException(DIR + ": '" + section + "' missing or not an object");
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!instance.hasParam(e.getKey())) {
        throw new IOException(DIR + ": unknown parameter '" + e.getKey() + "' in " + section);
      }
      Param<Object> p = instance.getParam(e.getKey());
      try {
        Object value = p.jsonDecode(e.getValue().toString());
        if (defaults) {
          instance.setDefault(p, value);
        } else {
          instance.set(p, value);
        }
      } catch (RuntimeException ex) {
        throw new IOException(DIR + ": " + section + "." + e.getKey() + " = " + e.getValue() + ": "
            + ex.getMessage(), ex);
      }
    }
  }

  /** The stage's URI, for messages. */
  String uri() {
    return uri;
  }

  /** A load step that may fail with an {@link IOException} or a runtime exception. */
  interface Body<T> {
    T run() throws IOException;
  }

  /**
   * Runs a load of a {@code what} from {@code path}, turning any failure into one
   * {@link IllegalArgumentException} whose message names the path and the cause.
   */
  static <T> T loading(String path, String what, Body<T> body) {
    try {
      return body.run();
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException(path + ": cannot load a " + what + ": " + e.getMessage(), e);
    }
  }
}
