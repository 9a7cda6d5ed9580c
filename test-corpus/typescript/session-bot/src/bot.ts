/**
 * Support bot: answers FAQ questions sent to its Session ID and forwards
 * anything it cannot answer to the on-call operator.
 */
// expect: sdk/session-js-import, sdk/session-js-client
import { Session as SessionClient, ready } from '@session.js/client';
// expect: sdk/session-js-import
import * as polling from '@session.js/client/polling';
// expect: sdk/session-js-import, sdk/session-js-storage
import { FileKeyvalStorage } from '@session.js/file-keyval-storage';
import { answerFor } from './faq';
import { loadIdentity, type BotIdentity } from './identity';

type IncomingMessage = { from: string; text?: string; timestamp: number };

const OPERATOR_ID = process.env.OPERATOR_SESSION_ID ?? '';

export class SupportBot {
  // expect: sdk/session-js-client
  private readonly client: SessionClient;
  // expect: sdk/session-js-polling
  private readonly poller: polling.Poller;
  private identity: BotIdentity | undefined;
  private handled = 0;

  constructor(private readonly storagePath: string) {
    // expect: sdk/session-js-client
    this.client = new SessionClient({
      // expect: sdk/session-js-storage
      storage: new FileKeyvalStorage({ filePath: storagePath }),
    });
    // expect: sdk/session-js-polling
    this.poller = new polling.Poller({ interval: 5_000 });
  }

  async start(savedMnemonic?: string): Promise<string> {
    // expect: sdk/session-js-client
    await ready;
    this.identity = loadIdentity(savedMnemonic);
    this.client.setMnemonic(this.identity.mnemonic);
    this.client.addPoller(this.poller);
    this.client.on('message', (message: IncomingMessage) => void this.onMessage(message));
    return this.client.getSessionID();
  }

  stop(): void {
    this.poller.stopPolling();
  }

  private async onMessage(message: IncomingMessage): Promise<void> {
    this.handled += 1;
    const answer = message.text ? answerFor(message.text) : undefined;
    if (answer) {
      await this.client.sendMessage({ to: message.from, text: answer });
      return;
    }
    if (OPERATOR_ID) {
      await this.client.sendMessage({
        to: OPERATOR_ID,
        text: `Unanswered question from ${message.from}: ${message.text ?? '(attachment)'}`,
      });
    }
  }
}
