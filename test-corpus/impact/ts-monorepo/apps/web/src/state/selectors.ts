// expect-none
import { store } from './store';

export function selectUnread(): number {
  return store.lines.length;
}
