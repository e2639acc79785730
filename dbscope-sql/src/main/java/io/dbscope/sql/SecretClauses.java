package io.dbscope.sql;

import java.util.Locale;
import java.util.Set;

/**
 * Finds the values of password clauses, token by token, so that {@link SqlObfuscator} hides them
 * whatever form they take. Literals are hidden anyway; this class is for the forms where the value
 * is not a well-formed literal (an unquoted word, a quoted identifier, a function call, something
 * cut short) and for telling such a value from a keyword that only looks like one.
 *
 * <p>The clauses:
 *
 * <ul>
 *   <li>anywhere: {@code IDENTIFIED BY [PASSWORD] v}, {@code IDENTIFIED {WITH|VIA} plugin [{BY|AS|
 *       USING} v] [OR plugin …]}, then {@code REPLACE v}; {@code MASTER_PASSWORD = v}, {@code
 *       SOURCE_PASSWORD = v};
 *   <li>in statements that set passwords ({@code CREATE|ALTER ROLE|USER|GROUP|SERVER|SUBSCRIPTION},
 *       {@code GRANT}, {@code SET PASSWORD}, {@code CHANGE MASTER|REPLICATION}, {@code START
 *       SLAVE|REPLICA|GROUP_REPLICATION}): {@code PASSWORD v}, {@code PASSWORD = v}, {@code
 *       PASSWORD(v)}, {@code PASSWORD FOR user = v}, and any word ending in {@code PASSWORD}
 *       ({@code OPTIONS (password 'v')}). Not a value: {@code PASSWORD EXPIRE|HISTORY|REUSE|
 *       REQUIRE|NULL}, {@code RETAIN CURRENT PASSWORD}, {@code DISCARD OLD PASSWORD}, {@code RANDOM
 *       PASSWORD}. Elsewhere {@code password} is a column and stays.
 * </ul>
 *
 * <p>A value is a literal (hidden), a parameter ({@code $1}, {@code ?}: kept), {@code NULL}, or a
 * function call whose arguments are hidden ({@code PASSWORD(?)}). Anything else in a value's place
 * means the text is not what this class understands: the rest of the text is hidden. One instance
 * per text.
 */
final class SecretClauses {

  /** What the normalizer does with a token. */
  enum Action {
    /** The usual: a literal becomes {@code ?}, anything else is shown. */
    KEEP,
    /** Shown as {@code ?}. */
    MASK,
    /** Not shown (the rest of a hidden argument list). */
    DROP,
    /** Shown as {@code ?}, and nothing after it. */
    STOP
  }

  private enum State {
    NONE,
    IDENTIFIED,
    BY,
    PLUGIN,
    AFTER_PLUGIN,
    PASSWORD,
    FOR_USER,
    VALUE,
    OPEN_ARGS,
    ARGS,
    AFTER_VALUE
  }

  private static final Set<String> AUTH_OBJECTS =
      Set.of("ROLE", "USER", "GROUP", "SERVER", "SUBSCRIPTION", "SYSTEM_USER");
  private static final Set<String> NOT_A_VALUE =
      Set.of("EXPIRE", "HISTORY", "REUSE", "REQUIRE", "NULL", "TO", "IDENTIFIED");
  private static final Set<String> NO_VALUE_BEFORE =
      Set.of("CURRENT", "OLD", "RANDOM", "ROLE", "USER", "GROUP");

  private final String[] leaders = new String[4];
  private int leaderCount;
  private String previous = "";
  private State state = State.NONE;
  private int depth;
  private boolean argsShown;

  /** The action for the current token of {@code lx}, which is neither space nor comment. */
  Action on(SqlLexer lx) {
    if (lx.type() == SqlLexer.Type.STRING && lx.ambiguous()) {
      return Action.STOP;
    }
    String word = lx.type() == SqlLexer.Type.WORD ? lx.text().toUpperCase(Locale.ROOT) : "";
    if (state != State.ARGS && punct(lx, ';')) {
      leaderCount = 0;
      state = State.NONE;
      previous = "";
      return Action.KEEP;
    }
    if (leaderCount < leaders.length) {
      leaders[leaderCount++] = lx.type() == SqlLexer.Type.WORD ? word : lx.text();
    }
    Action a = step(lx, word);
    previous = word;
    return a;
  }

  private Action step(SqlLexer lx, String word) {
    switch (state) {
      case IDENTIFIED -> {
        if (word.equals("BY")) {
          return to(State.BY);
        }
        if (word.equals("WITH") || word.equals("VIA")) {
          return to(State.PLUGIN);
        }
      }
      case BY -> {
        if (word.equals("PASSWORD")) {
          return to(State.VALUE);
        }
        if (word.equals("RANDOM")) {
          return to(State.NONE);
        }
        return value(lx, word);
      }
      case PLUGIN -> {
        if (lx.type() == SqlLexer.Type.WORD || lx.type() == SqlLexer.Type.QUOTED) {
          return to(State.AFTER_PLUGIN);
        }
        if (lx.type() == SqlLexer.Type.STRING) {
          state = State.AFTER_PLUGIN;
          return Action.MASK;
        }
      }
      case AFTER_PLUGIN -> {
        if (word.equals("BY")) {
          return to(State.BY);
        }
        if (word.equals("AS") || word.equals("USING")) {
          return to(State.VALUE);
        }
        if (word.equals("OR")) {
          return to(State.PLUGIN);
        }
      }
      case PASSWORD -> {
        if (punct(lx, '=')) {
          return to(State.VALUE);
        }
        if (punct(lx, '(')) {
          return args();
        }
        if (word.equals("FOR")) {
          return to(State.FOR_USER);
        }
        if (!NOT_A_VALUE.contains(word) && !punct(lx, ',') && !punct(lx, ')')) {
          return value(lx, word);
        }
      }
      case FOR_USER -> {
        if (punct(lx, '=')) {
          return to(State.VALUE);
        }
        if (!word.equals("TO")) {
          return Action.KEEP;
        }
      }
      case VALUE -> {
        return value(lx, word);
      }
      case OPEN_ARGS -> {
        if (punct(lx, '(')) {
          return args();
        }
        return Action.STOP;
      }
      case ARGS -> {
        return inArgs(lx);
      }
      case AFTER_VALUE -> {
        if (word.equals("REPLACE")) {
          return to(State.VALUE);
        }
        if (word.equals("OR")) {
          return to(State.PLUGIN);
        }
        if (word.equals("UESCAPE")) {
          return Action.KEEP;
        }
      }
      case NONE -> {}
    }
    state = State.NONE;
    return trigger(word);
  }

  /** In no clause: whether this word starts one. */
  private Action trigger(String word) {
    if (word.equals("IDENTIFIED")) {
      return to(State.IDENTIFIED);
    }
    if (word.equals("MASTER_PASSWORD")
        || word.equals("SOURCE_PASSWORD")
        || passwordStatement() && passwordWord(word) && !NO_VALUE_BEFORE.contains(previous)) {
      return to(State.PASSWORD);
    }
    return Action.KEEP;
  }

  private Action value(SqlLexer lx, String word) {
    switch (lx.type()) {
      case STRING, DOLLAR, NUMBER -> {
        state = State.AFTER_VALUE;
        return Action.MASK;
      }
      case PARAM -> {
        return to(State.AFTER_VALUE);
      }
      case WORD -> {
        if (word.equals("NULL")) {
          return to(State.AFTER_VALUE);
        }
        if (lx.peek() == '(') {
          return to(State.OPEN_ARGS);
        }
        return Action.STOP;
      }
      case PUNCT -> {
        if (punct(lx, '?')) {
          return to(State.AFTER_VALUE);
        }
        if (punct(lx, '(')) {
          return args();
        }
        return Action.STOP;
      }
      default -> {
        return Action.STOP;
      }
    }
  }

  private Action args() {
    state = State.ARGS;
    depth = 1;
    argsShown = false;
    return Action.KEEP;
  }

  /** Inside a value's parentheses: one {@code ?} for all arguments, then the closing one. */
  private Action inArgs(SqlLexer lx) {
    if (punct(lx, '(')) {
      depth++;
    } else if (punct(lx, ')') && --depth == 0) {
      state = State.AFTER_VALUE;
      return Action.KEEP;
    }
    if (argsShown) {
      return Action.DROP;
    }
    argsShown = true;
    return Action.MASK;
  }

  private Action to(State next) {
    state = next;
    return Action.KEEP;
  }

  /** Whether the statement's leading words make it one that may set a password. */
  private boolean passwordStatement() {
    String l0 = leader(0);
    String l1 = leader(1);
    return switch (l0) {
      case "CREATE", "ALTER" ->
          AUTH_OBJECTS.contains(l1)
              || l1.equals("OR") && leader(2).equals("REPLACE") && AUTH_OBJECTS.contains(leader(3));
      case "GRANT" -> true;
      case "SET" -> l1.equals("PASSWORD");
      case "CHANGE" -> l1.equals("MASTER") || l1.equals("REPLICATION");
      case "START" -> l1.equals("SLAVE") || l1.equals("REPLICA") || l1.equals("GROUP_REPLICATION");
      default -> false;
    };
  }

  private String leader(int i) {
    return i < leaderCount ? leaders[i] : "";
  }

  private static boolean passwordWord(String word) {
    return word.endsWith("PASSWORD") || word.endsWith("PASSWD") || word.equals("PWD");
  }

  private static boolean punct(SqlLexer lx, char c) {
    return lx.type() == SqlLexer.Type.PUNCT && lx.first() == c;
  }
}
