package io.bmo.jobs.io;

import java.util.Arrays;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;

/** The hand-written JSON writer that {@link Json} replaced, kept as the reference its output must equal byte for byte. */
final class LegacyJson {
  private LegacyJson() {}

  /** Serialises maps, collections, arrays, strings, numbers, booleans and null. */
  public static String write(Object v) {
    StringBuilder sb = new StringBuilder();
    append(sb, v, -1, 0);
    return sb.toString();
  }

  /** Pretty-printed with two-space indentation. */
  public static String pretty(Object v) {
    StringBuilder sb = new StringBuilder();
    append(sb, v, 2, 0);
    return sb.append('\n').toString();
  }

  private static void append(StringBuilder sb, Object v, int indent, int depth) {
    if (v == null) {
      sb.append("null");
    } else if (v instanceof Json.Raw r) {
      sb.append(r.json());
    } else if (v instanceof String s) {
      quote(sb, s);
    } else if (v instanceof Double || v instanceof Float) {
      double d = ((Number) v).doubleValue();
      sb.append(Double.isFinite(d) ? Double.toString(d) : "null");
    } else if (v instanceof Number || v instanceof Boolean) {
      sb.append(v);
    } else if (v instanceof Map<?, ?> m) {
      sb.append('{');
      boolean first = true;
      for (Map.Entry<?, ?> e : m.entrySet()) {
        if (!first) {
          sb.append(',');
        }
        first = false;
        newline(sb, indent, depth + 1);
        quote(sb, String.valueOf(e.getKey()));
        sb.append(indent >= 0 ? ": " : ":");
        append(sb, e.getValue(), indent, depth + 1);
      }
      if (!m.isEmpty()) {
        newline(sb, indent, depth);
      }
      sb.append('}');
    } else if (v instanceof Collection<?> c) {
      sb.append('[');
      boolean first = true;
      for (Object o : c) {
        if (!first) {
          sb.append(indent >= 0 ? ", " : ",");
        }
        first = false;
        append(sb, o, indent, depth + 1);
      }
      sb.append(']');
    } else if (v instanceof double[] a) {
      append(sb, Arrays.stream(a).boxed().toList(), indent, depth);
    } else if (v instanceof int[] a) {
      append(sb, Arrays.stream(a).boxed().toList(), indent, depth);
    } else if (v instanceof long[] a) {
      append(sb, Arrays.stream(a).boxed().toList(), indent, depth);
    } else {
      quote(sb, v.toString());
    }
  }

  private static void newline(StringBuilder sb, int indent, int depth) {
    if (indent >= 0) {
      sb.append('\n').append(" ".repeat(indent * depth));
    }
  }

  private static void quote(StringBuilder sb, String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20) {
            sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
  }
}
