import { useEffect, useRef, useState } from 'react';
// expect: sdk/session-js-import, sdk/session-js-client
import { Session } from '@session.js/client';
// expect: sdk/session-js-import, sdk/session-js-network
import { BunNetworkRemoteClient } from '@session.js/bun-network-remote';
import { MessageList, type ChatMessage } from './MessageList';
import { Composer } from './Composer';

const PROXY_URL = import.meta.env.VITE_SESSION_PROXY_URL as string;

type Props = { mnemonic: string; peer: string };

export function ChatWindow({ mnemonic, peer }: Props) {
  // expect: sdk/session-js-client
  const sessionRef = useRef<Session | null>(null);
  const [messages, setMessages] = useState<ChatMessage[]>([]);

  useEffect(() => {
    // expect: sdk/session-js-client, sdk/session-js-network
    const instance = new Session({ network: new BunNetworkRemoteClient({ proxy: PROXY_URL }) });
    instance.setMnemonic(mnemonic);
    instance.on('message', (m) => {
      if (m.from === peer) setMessages((prev) => [...prev, { from: m.from, text: m.text ?? '' }]);
    });
    sessionRef.current = instance;
    return () => {
      sessionRef.current = null;
    };
  }, [mnemonic, peer]);

  const send = async (text: string) => {
    await sessionRef.current?.sendMessage({ to: peer, text });
    setMessages((prev) => [...prev, { from: 'me', text }]);
  };

  return (
    <section className="chat-window" aria-label={`Chat with ${peer.slice(0, 8)}…`}>
      <MessageList items={messages} />
      <Composer onSend={send} />
    </section>
  );
}
