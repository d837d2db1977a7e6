/** Receivers that got more than one message: every welcome here goes to a chat of its own. */
export function duplicatedReceivers(messages: readonly { readonly receive_id: string }[]): number {
  const perReceiver = new Map<string, number>();
  for (const { receive_id: id } of messages) perReceiver.set(id, (perReceiver.get(id) ?? 0) + 1);
  return [...perReceiver.values()].filter((n) => n > 1).length;
}
