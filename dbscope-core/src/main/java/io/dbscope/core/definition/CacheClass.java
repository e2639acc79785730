package io.dbscope.core.definition;

/**
 * Which of the seed's per-datasource cache times applies to a definition: {@code BIG} follows
 * {@code bigKeyDataCacheTime} (slow, big queries such as sizes), {@code ALARM} follows {@code
 * alarmKeyCacheTime} (alarm-relevant values), {@code DEFAULT} only the definition's own {@code
 * ttl}.
 */
public enum CacheClass {
  DEFAULT,
  BIG,
  ALARM
}
