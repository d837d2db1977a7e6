/**
 * True when `value` (parsed JSON) nests objects or arrays more than `maxDepth` levels deep; `{}` is one
 * level. Iterative, so a hostile depth cannot overflow the stack here.
 */
export function nestsDeeperThan(value: unknown, maxDepth: number): boolean {
  const stack: { node: unknown; depth: number }[] = [{ node: value, depth: 1 }];
  for (let top = stack.pop(); top !== undefined; top = stack.pop()) {
    const { node, depth } = top;
    if (typeof node !== 'object' || node === null) continue;
    if (depth > maxDepth) return true;
    for (const child of Object.values(node)) stack.push({ node: child, depth: depth + 1 });
  }
  return false;
}
