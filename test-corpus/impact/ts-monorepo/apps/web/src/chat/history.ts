// expect-none
// Only the formatting helpers: nothing Session-related, yet it imports the
// barrel that loads the Session client.
import { formatTimestamp, truncate } from '@acme/messaging';

export function historyLine(text: string, at: number): string {
  return `${formatTimestamp(at)}  ${truncate(text)}`;
}
