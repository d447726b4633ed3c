package io.bmo.jobs.io;

import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import java.util.Locale;

/**
 * String escapes of {@link Json}: {@code \"}, {@code \\}, {@code \n}, {@code \r}, {@code \t}, and every other
 * control character below U+0020 as {@code \}{@code u00xx} with lower-case hex (Jackson's default writes {@code \b},
 * {@code \f} and upper-case hex); everything else, non-ASCII included, unescaped.
 */
final class JsonEscapes extends CharacterEscapes {
  private static final long serialVersionUID = 1L;
  private final int[] codes;

  JsonEscapes() {
    codes = standardAsciiEscapesForJSON();
    for (int c = 0; c < 0x20; c++) {
      if (c != '\n' && c != '\r' && c != '\t') {
        codes[c] = CharacterEscapes.ESCAPE_CUSTOM;
      }
    }
  }

  @Override
  public int[] getEscapeCodesForAscii() {
    return codes;
  }

  @Override
  public SerializableString getEscapeSequence(int ch) {
    return ch < 0x20 ? new SerializedString(String.format(Locale.ROOT, "\\u%04x", ch)) : null;
  }
}
