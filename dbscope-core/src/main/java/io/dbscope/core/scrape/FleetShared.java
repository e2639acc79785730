package io.dbscope.core.scrape;

import io.dbscope.core.engine.RowMapper;
import io.dbscope.core.metrics.OrderMemo;

/**
 * What the datasources of one fleet share: their mappers' key resolutions, column plans and row
 * label sets ({@link RowMapper.Shared}), the budget of their order memos, and their first contacts
 * per engine ({@link FirstContacts}). One per fleet, made anew with it on a reload. Thread-safe.
 */
public final class FleetShared {
  /**
   * Points whose order the fleet's datasources remember between scrapes ({@link OrderMemo}): about
   * 0.8 MB, enough for dozens of datasources.
   */
  private static final long ORDERED_POINTS = 100_000;

  private final RowMapper.Shared rows = new RowMapper.Shared();
  private final OrderMemo.Budget orders = new OrderMemo.Budget(ORDERED_POINTS);
  private final FirstContacts contacts = new FirstContacts();

  RowMapper.Shared rows() {
    return rows;
  }

  OrderMemo.Budget orders() {
    return orders;
  }

  FirstContacts contacts() {
    return contacts;
  }
}
