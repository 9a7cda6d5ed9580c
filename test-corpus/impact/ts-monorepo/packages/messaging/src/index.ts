// expect-none
// The package's public surface: a barrel over the client, the raw SDK and
// the formatting helpers.
export * from './session-client';
export * from './sdk';
export * from './format';
