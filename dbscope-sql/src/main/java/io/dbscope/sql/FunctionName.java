package io.dbscope.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A function name as written in a query or in {@code allowedFunctions}: its dot-separated parts,
 * each unquoted or quoted, so that it can be compared the way the server will resolve it.
 *
 * <pre>{@code
 * FunctionName n = FunctionName.parse("pg_catalog.\"Lower\"").orElseThrow();
 * n.folded(SqlDialect.POSTGRES); // [pg_catalog, Lower]
 * n.folded(SqlDialect.MYSQL);    // [pg_catalog, lower]
 * }</pre>
 *
 * @param parts the parts, qualifiers first
 */
public record FunctionName(List<Part> parts) {

  /**
   * One part of a name.
   *
   * @param text the name without quotes (a doubled quote inside stands for one)
   * @param quoted whether it was written in {@code "…"} or {@code `…`}
   * @param written the part as written, quotes included
   */
  public record Part(String text, boolean quoted, String written) {
    public static Part plain(String text) {
      return new Part(text, false, text);
    }
  }

  public FunctionName {
    parts = List.copyOf(parts);
  }

  /** A name read from the tokens {@code from} (inclusive) to {@code to} (exclusive). */
  public static FunctionName of(List<SqlTokens.Token> tokens, int from, int to) {
    List<Part> parts = new ArrayList<>();
    for (int i = from; i < to; i++) {
      SqlTokens.Token t = tokens.get(i);
      if (t.kind() == SqlTokens.Kind.WORD) {
        parts.add(Part.plain(t.text()));
      } else if (t.kind() == SqlTokens.Kind.QUOTED) {
        parts.add(unquote(t.text()));
      }
    }
    return new FunctionName(parts);
  }

  /**
   * A name as the parser gives it ({@code pg_catalog."lower"}, {@code `db`.`f`}): quotes are kept
   * in each part.
   */
  public static FunctionName ofParser(List<String> multipart) {
    List<Part> parts = new ArrayList<>();
    for (String p : multipart) {
      String s = p.strip();
      boolean quoted =
          s.length() >= 2
              && (s.charAt(0) == '"' || s.charAt(0) == '`')
              && s.charAt(s.length() - 1) == s.charAt(0);
      parts.add(quoted ? unquote(s) : Part.plain(s));
    }
    return new FunctionName(parts);
  }

  /**
   * A name written in the config ({@code crosstab}, {@code public.crosstab}, {@code "MyFunc"}), or
   * empty when the text is not one.
   */
  public static Optional<FunctionName> parse(String text) {
    List<SqlTokens.Token> tokens;
    try {
      tokens = SqlTokens.scan(text);
    } catch (SqlTokens.Refused e) {
      return Optional.empty();
    }
    if (tokens.isEmpty() || tokens.size() % 2 == 0) {
      return Optional.empty();
    }
    for (int i = 0; i < tokens.size(); i++) {
      SqlTokens.Token t = tokens.get(i);
      boolean ok =
          i % 2 == 0
              ? t.kind() == SqlTokens.Kind.WORD || t.kind() == SqlTokens.Kind.QUOTED
              : t.isPunct('.');
      if (!ok) {
        return Optional.empty();
      }
    }
    return Optional.of(of(tokens, 0, tokens.size()));
  }

  private static Part unquote(String quotedText) {
    char q = quotedText.charAt(0);
    String inner = quotedText.substring(1, quotedText.length() - 1);
    return new Part(inner.replace("" + q + q, "" + q), true, quotedText);
  }

  /** The last part: the function's own name. */
  public Part last() {
    return parts.getLast();
  }

  public boolean qualified() {
    return parts.size() > 1;
  }

  public boolean anyQuoted() {
    return parts.stream().anyMatch(Part::quoted);
  }

  /**
   * The parts as the server compares them, by the dialect's {@link NameFolding}: PostgreSQL (and
   * the neutral dialect, which must not be looser) lower-cases unquoted parts and keeps quoted ones
   * exact; MySQL ignores case everywhere.
   */
  public List<String> folded(SqlDialect dialect) {
    NameFolding folding = dialect.calls().folding();
    return parts.stream().map(p -> folding.fold(p.text(), p.quoted())).toList();
  }

  /** The last part folded; see {@link #folded}. */
  public String foldedLast(SqlDialect dialect) {
    return folded(dialect).getLast();
  }

  /** As written, for messages: {@code public.crosstab}, {@code "Lower"}. */
  public String display() {
    return String.join(".", parts.stream().map(Part::written).toList());
  }

  public static String asciiLower(String s) {
    return NameFolding.asciiLower(s);
  }
}
