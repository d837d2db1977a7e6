/** A Redis URL fit to print: its password replaced by `***`. */
export function redactRedisUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    return parsed.toString();
  } catch {
    // Only redis:// URLs reach here (the config checks), but never print what could not be read.
    return '(an unreadable URL)';
  }
}
