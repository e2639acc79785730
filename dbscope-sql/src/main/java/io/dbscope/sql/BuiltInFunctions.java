package io.dbscope.sql;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One dialect's list of built-in functions a custom query may call (see {@link AllowedFunctions}):
 * exact names, {@code name*} prefixes, and the names that are the built-in only when {@code (}
 * follows directly. Kept as written in the list file (lower case) and folded as the dialect
 * compares names, so that a lookup is one fold of the called name.
 *
 * <p>File format: one name a line; text after {@code #} is a comment, and a comment starting with
 * {@code adjacent} marks the name as one that is the built-in only when {@code (} follows directly.
 */
public record BuiltInFunctions(
    List<String> written,
    List<String> writtenPrefixes,
    List<String> writtenAdjacent,
    Set<String> names,
    List<String> prefixes,
    Set<String> adjacent) {

  public BuiltInFunctions {
    written = List.copyOf(written);
    writtenPrefixes = List.copyOf(writtenPrefixes);
    writtenAdjacent = List.copyOf(writtenAdjacent);
    names = Set.copyOf(names);
    prefixes = List.copyOf(prefixes);
    adjacent = Set.copyOf(adjacent);
  }

  /** A list of names as written, folded by {@code folding}. */
  static BuiltInFunctions of(
      List<String> written, List<String> prefixes, List<String> adjacent, NameFolding folding) {
    return new BuiltInFunctions(
        written,
        prefixes,
        adjacent,
        new HashSet<>(written.stream().map(n -> folding.fold(n, false)).toList()),
        prefixes.stream().map(n -> folding.fold(n, false)).toList(),
        new HashSet<>(adjacent.stream().map(n -> folding.fold(n, false)).toList()));
  }

  /** No function is built in: every call needs {@code allowedFunctions}. */
  static BuiltInFunctions none() {
    return of(List.of(), List.of(), List.of(), NameFolding.EXACT);
  }

  /** Whether a name, folded as the dialect compares names, is on the list. */
  public boolean contains(String folded) {
    return names.contains(folded) || prefixes.stream().anyMatch(folded::startsWith);
  }

  /**
   * The names and prefixes on every one of {@code all}, folded by {@code folding}; a name marked
   * adjacent on any list is adjacent here.
   */
  static BuiltInFunctions common(List<BuiltInFunctions> all, NameFolding folding) {
    List<String> names = new ArrayList<>(all.getFirst().written());
    List<String> prefixes = new ArrayList<>(all.getFirst().writtenPrefixes());
    Set<String> adjacent = new HashSet<>();
    for (BuiltInFunctions f : all) {
      names.retainAll(new HashSet<>(f.written()));
      prefixes.retainAll(new HashSet<>(f.writtenPrefixes()));
      adjacent.addAll(f.writtenAdjacent());
    }
    return of(names, prefixes, List.copyOf(adjacent), folding);
  }

  /** Reads a list from the class path ({@code resource} is an absolute resource path). */
  static BuiltInFunctions read(String resource, NameFolding folding) {
    List<String> names = new ArrayList<>();
    List<String> prefixes = new ArrayList<>();
    List<String> adjacent = new ArrayList<>();
    try (InputStream in = BuiltInFunctions.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("function list " + resource + " is missing");
      }
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        int hash = line.indexOf('#');
        String name = (hash >= 0 ? line.substring(0, hash) : line).strip();
        if (name.isEmpty()) {
          continue;
        }
        if (name.endsWith("*")) {
          prefixes.add(name.substring(0, name.length() - 1));
        } else {
          names.add(name);
        }
        if (hash >= 0 && line.substring(hash + 1).strip().startsWith("adjacent")) {
          adjacent.add(name);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource, e);
    }
    return of(names, prefixes, adjacent, folding);
  }
}
