package io.dbscope.sql;

import java.util.List;
import java.util.function.Predicate;

/**
 * How a dialect's server splits a text into tokens, as far as {@link SqlObfuscator} and {@link
 * StatementClassifier} must know it: what its quotes mean, where its comments end, whether a
 * backslash escapes. Each rule is one line of the dialect's file (see {@link SqlDialect}).
 *
 * @param doubleQuote what {@code "…"} is: a quoted identifier or a string
 * @param backtickIdentifiers whether {@code `…`} is a quoted identifier
 * @param dollarQuotes whether {@code $tag$…$tag$} is a string
 * @param dollarParameters whether {@code $1} is a parameter
 * @param dollarStartsNames whether a name may start with {@code $}
 * @param backslash whether a backslash escapes in a plain string
 * @param escapePrefix whether {@code E'…'} is a string in which a backslash always escapes
 * @param unicodePrefix whether {@code U&'…'} is a string and {@code U&"…"} an identifier
 * @param hashComments whether {@code #} starts a comment to the end of the line
 * @param dashNeedsSpace whether {@code --} starts a comment only when a space or control character
 *     follows (otherwise it is two minus signs)
 * @param nestedComments whether {@code /*} inside a block comment opens another level
 * @param executableComments whether the server runs what {@code /*! … *}{@code /} and {@code /*M! …
 *     *}{@code /} hold (then it is read as SQL)
 */
public record LexicalRules(
    DoubleQuote doubleQuote,
    boolean backtickIdentifiers,
    boolean dollarQuotes,
    boolean dollarParameters,
    boolean dollarStartsNames,
    Backslash backslash,
    boolean escapePrefix,
    boolean unicodePrefix,
    boolean hashComments,
    boolean dashNeedsSpace,
    boolean nestedComments,
    boolean executableComments) {

  /** What {@code "…"} is. */
  public enum DoubleQuote {
    IDENTIFIER,
    STRING
  }

  /** Whether a backslash escapes the next character in a plain {@code '…'} string. */
  public enum Backslash {
    /** Never: a backslash is an ordinary character. */
    NEVER,
    /** Always. */
    ALWAYS,
    /**
     * Depending on a session setting dbscope cannot see (PostgreSQL's {@code
     * standard_conforming_strings}, MySQL's {@code NO_BACKSLASH_ESCAPES}): the string is read both
     * ways, and where the two readings end apart, nothing after it is trusted.
     */
    SESSION
  }

  /**
   * The rules under which a text is read when the server is unknown: every quote, string and
   * comment any of {@code all} has is one, a backslash escapes unless all agree it does not (or all
   * agree it does), and the constructs only some servers have that would show text otherwise hidden
   * ({@code U&"…"} names, executable comments) are off; {@code --} is a comment whenever one of
   * them reads it so. The aim is that a literal hidden by one server's reading stays hidden.
   */
  static LexicalRules strictest(List<LexicalRules> all) {
    Backslash backslash =
        all.stream().map(LexicalRules::backslash).distinct().count() == 1
            ? all.getFirst().backslash()
            : Backslash.SESSION;
    return new LexicalRules(
        any(all, r -> r.doubleQuote() == DoubleQuote.STRING)
            ? DoubleQuote.STRING
            : DoubleQuote.IDENTIFIER,
        any(all, LexicalRules::backtickIdentifiers),
        any(all, LexicalRules::dollarQuotes),
        any(all, LexicalRules::dollarParameters),
        any(all, LexicalRules::dollarStartsNames),
        backslash,
        every(all, LexicalRules::escapePrefix),
        every(all, LexicalRules::unicodePrefix),
        any(all, LexicalRules::hashComments),
        every(all, LexicalRules::dashNeedsSpace),
        any(all, LexicalRules::nestedComments),
        every(all, LexicalRules::executableComments));
  }

  private static boolean any(List<LexicalRules> all, Predicate<LexicalRules> rule) {
    return all.stream().anyMatch(rule);
  }

  private static boolean every(List<LexicalRules> all, Predicate<LexicalRules> rule) {
    return all.stream().allMatch(rule);
  }
}
