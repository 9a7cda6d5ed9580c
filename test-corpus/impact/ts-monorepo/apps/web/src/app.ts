// expect-none
// Path alias from tsconfig.base.json (`@web/*`).
import { ChatPanel } from '@web/chat/ChatPanel';
import { selectUnread } from './state/selectors';

export const routes = [{ path: '/chat', component: ChatPanel, badge: selectUnread }];
