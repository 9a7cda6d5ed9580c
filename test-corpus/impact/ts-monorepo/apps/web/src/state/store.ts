// expect-none
// store ⇄ selectors import each other (a cycle).
import { historyLine } from '../chat/history';
import { selectUnread } from './selectors';

export const store = { lines: [] as string[], unread: () => selectUnread() };

export function record(text: string): void {
  store.lines.push(historyLine(text, Date.now()));
}
