/**
 * The one place that talks to the Session network: everything else in the
 * monorepo goes through MessagingClient.
 */
// expect: sdk/session-js-import, sdk/session-js-client
import { Session, ready } from '@session.js/client';

export interface OutgoingMessage {
  to: string;
  text: string;
}

export class MessagingClient {
  // expect: sdk/session-js-client
  private readonly session: Session;

  constructor(mnemonic: string) {
    // expect: sdk/session-js-client
    this.session = new Session();
    this.session.setMnemonic(mnemonic);
  }

  async send(message: OutgoingMessage): Promise<string> {
    // expect: sdk/session-js-client
    await ready;
    const { messageHash } = await this.session.sendMessage(message);
    return messageHash;
  }
}
