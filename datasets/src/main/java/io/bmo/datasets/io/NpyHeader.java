package io.bmo.datasets.io;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The header dictionary of a {@code .npy} file: a Python literal such as
 * {@code {'descr': '<f8', 'fortran_order': False, 'shape': (3, 4), }}, parsed here without any Python.
 *
 * <p>The parser accepts the literal subset numpy writes (dict, tuple, list, quoted strings, integers with an optional
 * Python 2 {@code L} suffix, {@code True}/{@code False}/{@code None}), then checks it describes an array this project
 * reads: exactly the keys {@code descr}, {@code fortran_order}, {@code shape}; dtype {@code <f8}, {@code >f8},
 * {@code <f4} or {@code >f4}; rank 0, 1 or 2 (rank 0 is returned as shape {@code (1)}); at most
 * {@link #MAX_VALUES} values.
 *
 * @param itemSize bytes per value, 8 or 4
 * @param order byte order of the values in the file
 * @param fortranOrder whether a 2-D array is stored column-major in the file
 * @param shape 1 or 2 non-negative dimensions
 * @param count number of values, the product of {@code shape}
 */
record NpyHeader(int itemSize, ByteOrder order, boolean fortranOrder, int[] shape, int count) {

  /** Largest array a JVM reliably allocates ({@code Integer.MAX_VALUE - 8}, the limit used by the JDK's own lists). */
  static final int MAX_VALUES = Integer.MAX_VALUE - 8;

  /** Parses and validates {@code text}; {@code name} goes into error messages. */
  static NpyHeader parse(String text, String name) throws DataFormatException {
    Object parsed = new Parser(text, name).parseTop();
    if (!(parsed instanceof Map<?, ?> dict)) {
      throw new DataFormatException(name, "malformed header: not a dict literal");
    }
    for (String key : new String[] {"descr", "fortran_order", "shape"}) {
      if (!dict.containsKey(key)) {
        throw new DataFormatException(name, "malformed header: missing key '" + key + "'");
      }
    }
    for (Object key : dict.keySet()) {
      if (!"descr".equals(key) && !"fortran_order".equals(key) && !"shape".equals(key)) {
        throw new DataFormatException(name, "malformed header: unexpected key '" + key + "'");
      }
    }
    Object descr = dict.get("descr");
    if (!(descr instanceof String dtype)) {
      throw new DataFormatException(name, "structured dtype not supported (need float64 or float32)");
    }
    int itemSize;
    ByteOrder order;
    switch (dtype) {
      case "<f8" -> { itemSize = 8; order = ByteOrder.LITTLE_ENDIAN; }
      case ">f8" -> { itemSize = 8; order = ByteOrder.BIG_ENDIAN; }
      case "<f4" -> { itemSize = 4; order = ByteOrder.LITTLE_ENDIAN; }
      case ">f4" -> { itemSize = 4; order = ByteOrder.BIG_ENDIAN; }
      default -> throw new DataFormatException(name, "dtype '" + dtype + "' not supported (need float64 or float32)");
    }
    if (!(dict.get("fortran_order") instanceof Boolean fortran)) {
      throw new DataFormatException(name, "malformed header: fortran_order must be True or False");
    }
    if (!(dict.get("shape") instanceof Tuple dims)) {
      throw new DataFormatException(name, "malformed header: shape must be a tuple");
    }
    long count = 1;
    for (Object d : dims.items()) {
      if (!(d instanceof Long dim) || dim < 0 || dim > MAX_VALUES) {
        throw new DataFormatException(name, "malformed header: shape " + dims + " must hold integers in [0, "
            + MAX_VALUES + "]");
      }
      count = dim == 0 ? 0 : (count > MAX_VALUES / dim ? MAX_VALUES + 1L : count * dim);
    }
    if (dims.items().size() > 2) {
      throw new DataFormatException(name, "rank " + dims.items().size() + " (shape " + dims
          + ") not supported (need 1-D or 2-D)");
    }
    if (count > MAX_VALUES) {
      throw new DataFormatException(name, "shape " + dims + " has more values than a Java array can hold");
    }
    int[] shape = dims.items().isEmpty() ? new int[] {1} : new int[dims.items().size()];
    for (int k = 0; k < dims.items().size(); k++) {
      shape[k] = (int) (long) (Long) dims.items().get(k);
    }
    return new NpyHeader(itemSize, order, fortran, shape, (int) count);
  }

  /**
   * The dictionary numpy itself writes for a little-endian float64 C-order array of this shape, without padding:
   * {@code {'descr': '<f8', 'fortran_order': False, 'shape': (3, 4), }}.
   */
  static String formatFloat64(int[] shape) {
    return "{'descr': '<f8', 'fortran_order': False, 'shape': " + NpyArray.formatShape(shape) + ", }";
  }

  /** A parsed Python tuple; prints like Python does. */
  record Tuple(List<Object> items) {
    @Override
    public String toString() {
      StringBuilder sb = new StringBuilder("(");
      for (int k = 0; k < items.size(); k++) {
        sb.append(k > 0 ? ", " : "").append(items.get(k));
      }
      return sb.append(items.size() == 1 ? ",)" : ")").toString();
    }
  }

  /** Python's {@code None}; only ever an invalid value here, kept so the error message can name it. */
  private static final Object NONE = new Object() {
    @Override
    public String toString() {
      return "None";
    }
  };

  /** Recursive-descent parser for the Python literal subset described in the class comment. */
  private static final class Parser {
    private final String s;
    private final String name;
    private int pos;

    Parser(String s, String name) {
      this.s = s;
      this.name = name;
    }

    Object parseTop() throws DataFormatException {
      Object v = value();
      skipSpace();
      if (pos != s.length()) {
        throw error("unexpected text after the dict");
      }
      return v;
    }

    private Object value() throws DataFormatException {
      skipSpace();
      if (pos >= s.length()) {
        throw error("unexpected end");
      }
      char c = s.charAt(pos);
      if (c == '{') {
        return dict();
      } else if (c == '(' || c == '[') {
        pos++;
        List<Object> items = sequence(c == '(' ? ')' : ']');
        return c == '(' ? new Tuple(items) : items;
      } else if (c == '\'' || c == '"') {
        return string();
      } else if (c == '-' || Character.isDigit(c)) {
        return integer();
      } else {
        return keyword();
      }
    }

    private Map<Object, Object> dict() throws DataFormatException {
      pos++; // '{'
      Map<Object, Object> map = new LinkedHashMap<>();
      while (true) {
        skipSpace();
        if (peek('}')) {
          pos++;
          return map;
        }
        Object key = value();
        skipSpace();
        expect(':');
        Object val = value();
        if (map.put(key, val) != null) {
          throw error("duplicate key '" + key + "'");
        }
        skipSpace();
        if (peek(',')) {
          pos++;
        } else if (!peek('}')) {
          throw error("expected ',' or '}'");
        }
      }
    }

    private List<Object> sequence(char close) throws DataFormatException {
      List<Object> items = new ArrayList<>();
      while (true) {
        skipSpace();
        if (peek(close)) {
          pos++;
          return items;
        }
        items.add(value());
        skipSpace();
        if (peek(',')) {
          pos++;
        } else if (!peek(close)) {
          throw error("expected ',' or '" + close + "'");
        }
      }
    }

    private String string() throws DataFormatException {
      char quote = s.charAt(pos++);
      StringBuilder sb = new StringBuilder();
      while (pos < s.length() && s.charAt(pos) != quote) {
        if (s.charAt(pos) == '\\' && pos + 1 < s.length()) {
          pos++;
        }
        sb.append(s.charAt(pos++));
      }
      if (pos >= s.length()) {
        throw error("unterminated string");
      }
      pos++;
      return sb.toString();
    }

    private Long integer() throws DataFormatException {
      int start = pos;
      if (peek('-')) {
        pos++;
      }
      while (pos < s.length() && Character.isDigit(s.charAt(pos))) {
        pos++;
      }
      String digits = s.substring(start, pos);
      if (peek('L')) {
        pos++; // Python 2 long suffix, as old numpy wrote it
      }
      try {
        return Long.parseLong(digits);
      } catch (NumberFormatException e) {
        throw error("bad integer '" + digits + "'");
      }
    }

    private Object keyword() throws DataFormatException {
      for (String word : new String[] {"True", "False", "None"}) {
        if (s.startsWith(word, pos)) {
          pos += word.length();
          return word.equals("None") ? NONE : Boolean.valueOf(word.equals("True"));
        }
      }
      throw error("unexpected character '" + s.charAt(pos) + "'");
    }

    private void skipSpace() {
      while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
        pos++;
      }
    }

    private boolean peek(char c) {
      return pos < s.length() && s.charAt(pos) == c;
    }

    private void expect(char c) throws DataFormatException {
      if (!peek(c)) {
        throw error("expected '" + c + "'");
      }
      pos++;
    }

    private DataFormatException error(String what) {
      return new DataFormatException(name, "malformed header at character " + pos + ": " + what);
    }
  }
}
