package io.bmo.jobs.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The Jackson-backed {@link Json} writes the same bytes as the hand-written writer it replaced ({@link LegacyJson}),
 * on hand-picked edge cases and on random nested values; and reads back what it writes.
 */
class JsonTest {
  /** Random documents compared; each mixes every value type at up to four levels of nesting. */
  private static final int RANDOM_DOCUMENTS = 500;

  private static void same(Object v) {
    assertEquals(LegacyJson.write(v), Json.write(v), "compact");
    assertEquals(LegacyJson.pretty(v), Json.pretty(v), "pretty");
  }

  @Test
  void edgeCasesMatchTheOldWriter() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("nan", Double.NaN);
    m.put("inf", Double.POSITIVE_INFINITY);
    m.put("minus_inf", Double.NEGATIVE_INFINITY);
    m.put("float", 0.1f);
    m.put("float_nan", Float.NaN);
    m.put("tiny", 4.9e-324);
    m.put("big", 1.0e300);
    m.put("neg_zero", -0.0);
    m.put("long", Long.MIN_VALUE);
    m.put("big_decimal", new BigDecimal("1e-30"));
    m.put("null", null);
    m.put("bool", true);
    m.put("empty_map", Map.of());
    m.put("empty_list", List.of());
    m.put("doubles", new double[] {1, Double.NaN, 2.5e-8});
    m.put("ints", new int[] {1, -2});
    m.put("longs", new long[] {3L});
    m.put("raw", new Json.Raw("{\"a\":[1,2]}"));
    m.put("enum", Thread.State.NEW);
    m.put("other", new StringBuilder("sb"));
    StringBuilder controls = new StringBuilder("\"\\/é€\u2028");
    for (char c = 0; c < 0x20; c++) {
      controls.append(c);
    }
    m.put("controls", controls.toString());
    m.put(controls.toString(), "key escaped too");
    m.put("nested", List.of(Map.of("k", List.of(1, Map.of())), List.of(), List.of(List.of(1.5))));
    same(m);
    same(List.of());
    same("just a string");
    same(Double.NaN);
  }

  @Test
  void randomDocumentsMatchTheOldWriter() {
    Random rnd = new Random(42);
    for (int i = 0; i < RANDOM_DOCUMENTS; i++) {
      same(value(rnd, 0));
    }
  }

  private static Object value(Random rnd, int depth) {
    int kind = rnd.nextInt(depth >= 4 ? 6 : 8);
    return switch (kind) {
      case 0 -> rnd.nextInt(4) == 0 ? Double.NaN : Double.longBitsToDouble(rnd.nextLong());
      case 1 -> rnd.nextGaussian() * Math.pow(10, rnd.nextInt(40) - 20);
      case 2 -> rnd.nextLong();
      case 3 -> rnd.nextBoolean();
      case 4 -> rnd.nextInt(5) == 0 ? null : string(rnd);
      case 5 -> new double[] {rnd.nextDouble(), Double.NEGATIVE_INFINITY};
      case 6 -> {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int k = rnd.nextInt(4); k > 0; k--) {
          m.put(string(rnd), value(rnd, depth + 1));
        }
        yield m;
      }
      default -> {
        List<Object> l = new ArrayList<>();
        for (int k = rnd.nextInt(4); k > 0; k--) {
          l.add(value(rnd, depth + 1));
        }
        yield l;
      }
    };
  }

  private static String string(Random rnd) {
    StringBuilder sb = new StringBuilder();
    for (int k = rnd.nextInt(8); k > 0; k--) {
      sb.append((char) (rnd.nextInt(3) == 0 ? rnd.nextInt(0x30) : 0x20 + rnd.nextInt(0x3000)));
    }
    return sb.toString();
  }

  @Test
  void oneLineLayoutIsTheOldStateFile() {
    Map<String, Object> state = new LinkedHashMap<>();
    state.put("step", 12L);
    state.put("optimizer_arrays", List.of("adam.m", "adam.v"));
    // the string RunStore built by hand for checkpoints/step-*/state.json
    assertEquals("{\"step\": 12, \"optimizer_arrays\": [\"adam.m\", \"adam.v\"]}", Json.line(state));
    assertEquals("{\"step\": 0, \"optimizer_arrays\": []}",
        Json.line(new LinkedHashMap<>(Map.of("step", 0))).replace("}", ", \"optimizer_arrays\": []}"));
  }

  @Test
  void readsBackWhatItWritesAndNamesTheSourceOnError() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("a.b", 0.1);
    m.put("gone", Double.NaN);
    m.put("list", List.of("x", 2));
    JsonNode n = Json.parse(Json.pretty(m), "t.json");
    assertEquals(0.1, n.get("a.b").doubleValue(), 0);
    assertTrue(n.get("gone").isNull());
    assertEquals("x", n.get("list").get(0).asText());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Json.parse("{\"a\": }", "t.json"));
    assertTrue(e.getMessage().startsWith("t.json: not valid JSON"), e.getMessage());
    assertTrue(e.getMessage().contains("line 1"), e.getMessage());
  }
}
