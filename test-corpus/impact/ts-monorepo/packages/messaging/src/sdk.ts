// Re-exported so that apps can reach the raw SDK class when they need it.
// expect: sdk/session-js-import, sdk/session-js-client
export { Session as SdkSession, ready as sdkReady } from '@session.js/client';
