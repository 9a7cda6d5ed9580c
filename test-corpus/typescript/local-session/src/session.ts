// expect-none
// Recording sessions for the studio app. "Session" here is a take in the
// recording booth; this project has nothing to do with the Session messenger,
// @session.js/client or libsession_util_nodejs, whatever the search says.

export type SessionId = string & { readonly brand: unique symbol };

/** One recording Session: who is in the booth and which tracks were armed. */
export class Session {
  readonly startedAt = new Date();
  private readonly tracks = new Set<string>();

  constructor(readonly id: SessionId, readonly engineer: string) {}

  arm(track: string): void {
    this.tracks.add(track);
  }

  get armed(): string[] {
    return [...this.tracks];
  }
}

export class SessionStore {
  private readonly sessions = new Map<SessionId, Session>();

  open(id: SessionId, engineer: string): Session {
    const session = new Session(id, engineer);
    this.sessions.set(id, session);
    return session;
  }

  get(id: SessionId): Session | undefined {
    return this.sessions.get(id);
  }
}

export const Sessions = new SessionStore();
