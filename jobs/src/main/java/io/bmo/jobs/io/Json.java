package io.bmo.jobs.io;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationConfig;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.jsontype.TypeSerializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.Serializers;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import com.fasterxml.jackson.databind.type.ArrayType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.Map;

/**
 * JSON of result lines, manifests, trial/sweep/state files, with Jackson. The output format is fixed (files written
 * by earlier builds are compared byte for byte): doubles and floats as {@link Double#toString(double)} of the double
 * value, NaN and ±Inf as {@code null}; maps in iteration order; strings escaped by {@link JsonEscapes}; values that
 * are not maps, collections, arrays, strings, numbers, booleans or {@link Raw} as the JSON string of
 * {@code toString()}. Reading goes to Jackson's tree model ({@link #parse}).
 */
public final class Json {
  /** Already-serialised JSON inserted verbatim (e.g. a rendered config). */
  public record Raw(String json) {}

  private static final ObjectMapper MAPPER = mapper();
  private static final ObjectWriter COMPACT = MAPPER.writer();
  private static final ObjectWriter PRETTY = MAPPER.writer(new JsonLayout(true));
  private static final ObjectWriter LINE = MAPPER.writer(new JsonLayout(false));

  private Json() {}

  /**
   * Compact: no spaces, one line.
   *
   * @param v a value Jackson can serialize (maps, lists, numbers, strings, records)
   * @return the JSON text
   */
  public static String write(Object v) {
    return serialize(COMPACT, v);
  }

  /**
   * Pretty-printed with two-space indentation, arrays on one line, a final newline.
   *
   * @param v a value Jackson can serialize
   * @return the JSON text
   */
  public static String pretty(Object v) {
    return serialize(PRETTY, v) + "\n";
  }

  /**
   * One line with a space after every {@code :} and {@code ,} (e.g. {@code {"step": 3, "a": [1, 2]}}).
   *
   * @param v a value Jackson can serialize
   * @return the JSON text
   */
  public static String line(Object v) {
    return serialize(LINE, v);
  }

  /**
   * Parses JSON text into Jackson's tree; a syntax error becomes an {@link IllegalArgumentException} naming
   * {@code source} and the line and column.
   *
   * @param text the JSON text
   * @param source names the text in the error message
   * @return the tree
   */
  public static JsonNode parse(String text, String source) {
    try {
      return MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(source + ": not valid JSON (" + e.getOriginalMessage() + " at line "
          + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")", e);
    }
  }

  private static String serialize(ObjectWriter w, Object v) {
    try {
      return w.writeValueAsString(v);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ObjectMapper mapper() {
    SimpleModule m = new SimpleModule("bmo-json") {
      private static final long serialVersionUID = 1L;

      @Override
      public void setupModule(SetupContext context) {
        super.setupModule(context);
        context.addSerializers(new Fallback());
      }
    };
    ObjectMapper om = new ObjectMapper().registerModule(m);
    om.getFactory().setCharacterEscapes(new JsonEscapes());
    return om;
  }

  /** Finite doubles as {@link Double#toString(double)}, others as null (floats widened first). */
  private static void number(double d, JsonGenerator g) throws IOException {
    if (Double.isFinite(d)) {
      g.writeNumber(Double.toString(d));
    } else {
      g.writeNull();
    }
  }

  /** Serialisers for the value types whose output Jackson's defaults would write differently. */
  private static final class Fallback extends Serializers.Base {
    private static final JsonSerializer<double[]> DOUBLES = new StdSerializer<double[]>(double[].class) {
      @Override
      public void serialize(double[] a, JsonGenerator g, SerializerProvider p) throws IOException {
        g.writeStartArray(a, a.length);
        for (double d : a) {
          number(d, g);
        }
        g.writeEndArray();
      }
    };

    @Override
    public JsonSerializer<?> findArraySerializer(SerializationConfig config, ArrayType type, BeanDescription bd,
        TypeSerializer elementTypeSerializer, JsonSerializer<Object> elementValueSerializer) {
      return type.getRawClass() == double[].class ? DOUBLES : null;
    }

    @Override
    public JsonSerializer<?> findSerializer(SerializationConfig config, JavaType type, BeanDescription bd) {
      Class<?> c = type.getRawClass();
      if (c == Double.class || c == double.class || c == Float.class || c == float.class) {
        return new StdSerializer<Number>(Number.class) {
          @Override
          public void serialize(Number v, JsonGenerator g, SerializerProvider p) throws IOException {
            number(v.doubleValue(), g);
          }
        };
      }
      if (c == double[].class) {
        return DOUBLES;
      }
      if (c == Raw.class) {
        return new StdSerializer<Raw>(Raw.class) {
          @Override
          public void serialize(Raw r, JsonGenerator g, SerializerProvider p) throws IOException {
            g.writeRawValue(r.json());
          }
        };
      }
      boolean plain = Map.class.isAssignableFrom(c) || Collection.class.isAssignableFrom(c) || c.isArray()
          || c.isPrimitive() || CharSequence.class.isAssignableFrom(c) || Number.class.isAssignableFrom(c)
          || c == Boolean.class || JsonNode.class.isAssignableFrom(c);
      return plain ? null : ToStringSerializer.instance;
    }
  }
}
