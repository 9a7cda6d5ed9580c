// Call bookkeeping of the support bot. It works on the SDK's Session object,
// but "info" and "delete" here are a log level and Map methods, not storage
// RPC calls: no storage-rpc finding is expected in this file.
// expect: sdk/session-js-import, sdk/session-js-client
import type { Session } from '@session.js/client';

type Level = 'debug' | 'info' | 'warn';

const missed = new Map<string, number>();

export function log(level: Level, message: string): void {
  console.log(`[${level}] ${message}`);
}

// expect: sdk/session-js-client
export function onMissedCall(session: Session, peer: string): void {
  missed.set(peer, (missed.get(peer) ?? 0) + 1);
  log('info', `missed call from ${peer} on ${session.getSessionID()}`);
}

for (const method of ['get', 'set', 'delete', 'has'] as const) {
  log('debug', `call log supports ${method}`);
}
