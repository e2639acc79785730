package io.dbscope.core.scrape;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * What an engine knows about its driver's errors, so that {@link ErrorKind} can sort them without
 * core knowing any driver: exception types and codes (a JDBC SQLState, a driver's timeout class)
 * and words of its messages, all lower case.
 *
 * <pre>{@code
 * new ErrorSigns(t -> Optional.empty(), t -> false, List.of("wrongpass", "noauth"), List.of(),
 *     List.of("unexpected end of stream"));
 * }</pre>
 *
 * @param kind the kind one throwable's type or code says, read after core's own type rules
 * @param lost whether one throwable's type or code says the connection broke
 * @param authWords message words that mean the credentials were refused
 * @param timeoutWords message words that mean the server gave up on a statement
 * @param lostWords message words that mean the connection broke
 */
public record ErrorSigns(
    Function<Throwable, Optional<ErrorKind>> kind,
    Predicate<Throwable> lost,
    List<String> authWords,
    List<String> timeoutWords,
    List<String> lostWords) {

  /** No engine knowledge: only core's rules (socket errors, generic words). */
  public static final ErrorSigns NONE =
      new ErrorSigns(t -> Optional.empty(), t -> false, List.of(), List.of(), List.of());

  public ErrorSigns {
    authWords = List.copyOf(authWords);
    timeoutWords = List.copyOf(timeoutWords);
    lostWords = List.copyOf(lostWords);
  }
}
