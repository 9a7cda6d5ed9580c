// ICE configuration for 1:1 calls, as the Session clients hard-code it.

// expect: calls/turn-credentials
const TURN_USERNAME = 'session202111';
const TURN_CREDENTIAL = process.env.TURN_CREDENTIAL ?? '';

export const iceServers: Array<RTCIceServer> = [
  // expect: calls/turn-server
  { urls: 'turn:freyr.getsession.org', username: TURN_USERNAME, credential: TURN_CREDENTIAL },
  // expect: calls/turn-server
  { urls: 'turn:angus.getsession.org', username: TURN_USERNAME, credential: TURN_CREDENTIAL },
  // The host alone, as some forks keep it.
  // expect: calls/turn-server
  { urls: ['turn:' + 'hereford.getsession.org'], username: TURN_USERNAME, credential: TURN_CREDENTIAL },
  { urls: 'stun:stun.l.google.com:19302' },
];
