package io.dbscope.core.definition;

import java.util.regex.Pattern;

/**
 * The conditions a definition's {@code tags} may state: on the server, {@code primary}, {@code
 * replica} and {@code extension:<name>} (what the engine found); on the datasource, {@code
 * option:<key>} or {@code option:<key>|<key>...}, one of the engine's own keys set to other than
 * its default. The planner checks them ({@code io.dbscope.core.scrape.Planner}).
 */
final class DefinitionTags {
  /** The forms, for messages. */
  static final String FORMS = "primary, replica, extension:<name> or option:<key>[|<key>...]";

  private static final Pattern OPTION =
      Pattern.compile("option:[a-zA-Z][a-zA-Z0-9_]*(\\|[a-zA-Z][a-zA-Z0-9_]*)*");

  private DefinitionTags() {}

  static boolean valid(String tag) {
    return tag.equals("primary")
        || tag.equals("replica")
        || tag.startsWith("extension:")
        || OPTION.matcher(tag).matches();
  }
}
