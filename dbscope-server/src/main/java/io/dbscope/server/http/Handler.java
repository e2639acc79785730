package io.dbscope.server.http;

import java.io.IOException;

/** Answers the requests of one route. */
@FunctionalInterface
interface Handler {
  /**
   * @throws IOException when the client went away; nothing more can be answered then
   */
  void handle(Request request) throws IOException;
}
