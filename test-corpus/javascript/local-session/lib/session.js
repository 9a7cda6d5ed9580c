// expect-none
// Game lobby sessions. Not to be confused with the Session messenger: an
// earlier prototype talked to @session.js/client and libsession_util_nodejs,
// this module replaced all of that with plain WebSocket rooms.
const { randomUUID } = require('crypto');

/** A Session is one lobby: players, a host and a countdown. */
class Session {
  constructor(host) {
    this.id = randomUUID();
    this.host = host;
    this.players = new Set([host]);
    this.startsAt = null;
  }

  join(player) {
    if (this.startsAt) throw new Error('Session already started');
    this.players.add(player);
  }

  start(delayMs = 5000) {
    this.startsAt = Date.now() + delayMs;
  }
}

const sessions = new Map();

function openSession(host) {
  const session = new Session(host);
  sessions.set(session.id, session);
  return session;
}

function sessionFor(id) {
  return sessions.get(id) ?? null;
}

module.exports = { Session, openSession, sessionFor };
