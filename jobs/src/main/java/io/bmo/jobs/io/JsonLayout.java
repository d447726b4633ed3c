package io.bmo.jobs.io;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.PrettyPrinter;
import com.fasterxml.jackson.core.util.Instantiatable;
import java.io.IOException;

/**
 * The whitespace of {@link Json#pretty} and {@link Json#line}. Multi-line: every object entry on its own line,
 * indented two spaces per nesting level (arrays count as a level), {@code "key": value}; arrays on one line with
 * {@code ", "} between values; empty containers as {@code {}} and {@code []}. One-line: the same without newlines
 * and indentation. Stateful (nesting depth), hence one copy per generator ({@link #createInstance()}).
 */
final class JsonLayout implements PrettyPrinter, Instantiatable<JsonLayout> {
  private static final int INDENT = 2;
  private final boolean multiline;
  private int depth;

  JsonLayout(boolean multiline) {
    this.multiline = multiline;
  }

  @Override
  public JsonLayout createInstance() {
    return new JsonLayout(multiline);
  }

  private void newline(JsonGenerator g) throws IOException {
    if (multiline) {
      g.writeRaw('\n');
      g.writeRaw(" ".repeat(INDENT * depth));
    }
  }

  @Override
  public void writeRootValueSeparator(JsonGenerator g) {
    // single root values only
  }

  @Override
  public void writeStartObject(JsonGenerator g) throws IOException {
    g.writeRaw('{');
    depth++;
  }

  @Override
  public void beforeObjectEntries(JsonGenerator g) throws IOException {
    newline(g);
  }

  @Override
  public void writeObjectFieldValueSeparator(JsonGenerator g) throws IOException {
    g.writeRaw(": ");
  }

  @Override
  public void writeObjectEntrySeparator(JsonGenerator g) throws IOException {
    g.writeRaw(',');
    if (multiline) {
      newline(g);
    } else {
      g.writeRaw(' ');
    }
  }

  @Override
  public void writeEndObject(JsonGenerator g, int entries) throws IOException {
    depth--;
    if (entries > 0) {
      newline(g);
    }
    g.writeRaw('}');
  }

  @Override
  public void writeStartArray(JsonGenerator g) throws IOException {
    g.writeRaw('[');
    depth++;
  }

  @Override
  public void beforeArrayValues(JsonGenerator g) {
    // values follow the bracket directly
  }

  @Override
  public void writeArrayValueSeparator(JsonGenerator g) throws IOException {
    g.writeRaw(", ");
  }

  @Override
  public void writeEndArray(JsonGenerator g, int values) throws IOException {
    depth--;
    g.writeRaw(']');
  }
}
