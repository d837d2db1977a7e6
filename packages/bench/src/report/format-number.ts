/** `12,345` */
export function formatCount(value: number): string {
  return Number.isFinite(value) ? Math.round(value).toLocaleString('en-US') : 'n/a';
}

/** A number with a fixed count of decimals: `1.25`. */
export function formatFixed(value: number, decimals = 2): string {
  return Number.isFinite(value) ? value.toFixed(decimals) : 'n/a';
}

/** Milliseconds, two decimals below 10 ms, one below 100, none above. */
export function formatMs(value: number): string {
  if (!Number.isFinite(value)) return 'n/a';
  if (value < 10) return value.toFixed(2);
  if (value < 100) return value.toFixed(1);
  return value.toFixed(0);
}

/** Bytes as MiB with one decimal. */
export function formatMiB(bytes: number): string {
  return Number.isFinite(bytes) ? (bytes / (1024 * 1024)).toFixed(1) : 'n/a';
}

/** A ratio with three significant decimals: `0.812`. */
export function formatRatio(value: number): string {
  return Number.isFinite(value) ? value.toFixed(3) : 'n/a';
}
