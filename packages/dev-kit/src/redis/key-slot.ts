/**
 * The Redis Cluster hash slot of `key`: CRC16 (XMODEM) of the key, or of its hash tag (the first
 * `{...}` with something inside), modulo 16384, as the cluster spec defines it
 * (https://redis.io/docs/latest/operate/oss_and_stack/reference/cluster-spec/#key-distribution-model).
 * ioredis exports no such function, so tests compute the slots of the keys the product writes here.
 */
export function keySlot(key: string): number {
  const open = key.indexOf('{');
  const close = open === -1 ? -1 : key.indexOf('}', open + 1);
  const hashed = close > open + 1 ? key.slice(open + 1, close) : key;
  return crc16(Buffer.from(hashed, 'utf8')) % 16_384;
}

/** CRC16-CCITT (XMODEM): polynomial 0x1021, initial value 0, bit by bit. */
function crc16(bytes: Uint8Array): number {
  let crc = 0;
  for (const byte of bytes) {
    crc ^= byte << 8;
    for (let bit = 0; bit < 8; bit++)
      crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc;
}
