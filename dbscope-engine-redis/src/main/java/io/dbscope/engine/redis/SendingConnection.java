package io.dbscope.engine.redis;

import redis.clients.jedis.Connection;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;

/**
 * A Jedis connection that can send what it buffered without reading a reply: a session's pipeline
 * goes out, the scrape's thread does work of its own while the server answers ({@link
 * io.dbscope.core.engine.Meanwhile}), then reads the replies. Jedis sends only as it reads.
 */
final class SendingConnection extends Connection {
  SendingConnection(HostAndPort address, JedisClientConfig config) {
    super(address, config);
  }

  /** Writes the commands sent so far to the socket. */
  void send() {
    flush();
  }
}
