// A namespace import of the barrel, and the CommonJS bridge.
import * as messaging from '@acme/messaging';
// expect: sdk/session-js-client
const { Session: LegacySession } = require('@acme/legacy-bridge');

export async function startBot(): Promise<void> {
  // expect: sdk/session-js-client
  await messaging.sdkReady;
  // expect: sdk/session-js-client
  const session = new messaging.SdkSession();
  // expect: sdk/session-js-client
  const fallback = new LegacySession();
  console.log(session, fallback);
}
