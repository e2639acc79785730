package io.dbscope.sql;

import java.util.List;

/**
 * How a dialect's server compares names (of functions and their schemas): what it does to a name
 * written plainly and to one written in quotes. Only ASCII letters are folded, as PostgreSQL does:
 * a name with other letters never matches a listed one by accident of case mapping.
 */
public enum NameFolding {
  /** Plain names are lower-cased, quoted ones compare exactly (PostgreSQL). */
  LOWER,
  /** Plain names are upper-cased, quoted ones compare exactly (Oracle, DM8, standard SQL). */
  UPPER,
  /** Case never matters, quoted or not (MySQL and MariaDB function names). */
  INSENSITIVE,
  /** Names compare exactly as written. */
  EXACT;

  /** The part as the server compares it. */
  public String fold(String text, boolean quoted) {
    return switch (quoted ? quotedFold() : plainFold()) {
      case LOWER -> asciiLower(text);
      case UPPER -> asciiUpper(text);
      default -> text;
    };
  }

  /**
   * The folding under which a name matches only when it matches under every one of {@code all}:
   * plain names and quoted names each keep a fold all agree on and are compared exactly otherwise.
   * PostgreSQL with MySQL gives {@link #LOWER}: both lower-case plain names, they differ on quoted.
   */
  static NameFolding strictest(List<NameFolding> all) {
    NameFolding plain = agreed(all.stream().map(NameFolding::plainFold).toList());
    NameFolding quoted = agreed(all.stream().map(NameFolding::quotedFold).toList());
    if (quoted == LOWER) {
      return plain == LOWER ? INSENSITIVE : EXACT;
    }
    return plain;
  }

  /** What happens to a plain name: {@link #LOWER}, {@link #UPPER} or {@link #EXACT}. */
  private NameFolding plainFold() {
    return this == INSENSITIVE ? LOWER : this;
  }

  /** What happens to a quoted name: {@link #LOWER} or {@link #EXACT}. */
  private NameFolding quotedFold() {
    return this == INSENSITIVE ? LOWER : EXACT;
  }

  private static NameFolding agreed(List<NameFolding> folds) {
    return folds.stream().distinct().count() == 1 ? folds.getFirst() : EXACT;
  }

  static String asciiLower(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      b.append(c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c);
    }
    return b.toString();
  }

  static String asciiUpper(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      b.append(c >= 'a' && c <= 'z' ? (char) (c - ('a' - 'A')) : c);
    }
    return b.toString();
  }
}
