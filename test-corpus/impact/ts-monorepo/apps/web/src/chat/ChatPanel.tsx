// Imports the raw SDK class through the workspace barrel: the finding is the
// same as for a direct import of @session.js/client.
// expect: sdk/session-js-client
import { SdkSession, MessagingClient } from '@acme/messaging';
import { formatTimestamp } from '@acme/messaging';

export function ChatPanel(props: { mnemonic: string; sentAt: number }) {
  const client = new MessagingClient(props.mnemonic);
  // expect: sdk/session-js-client
  const probe = new SdkSession();
  return (
    <section>
      <p>{formatTimestamp(props.sentAt)}</p>
      <button onClick={() => client.send({ to: probe.getSessionID(), text: 'ping' })}>Ping</button>
    </section>
  );
}
