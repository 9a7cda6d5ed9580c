// expect-none
// Signal Android: the Signal protocol's SessionCipher, SessionBuilder and
// SessionRecord from libsignal, and org.whispersystems. None of it is the
// Session messenger, even though the words match.
package org.thoughtcrime.securesms.messages;

import org.signal.libsignal.protocol.InvalidMessageException;
import org.signal.libsignal.protocol.NoSessionException;
import org.signal.libsignal.protocol.SessionBuilder;
import org.signal.libsignal.protocol.SessionCipher;
import org.signal.libsignal.protocol.SignalProtocolAddress;
import org.signal.libsignal.protocol.message.SignalMessage;
import org.signal.libsignal.protocol.state.PreKeyBundle;
import org.signal.libsignal.protocol.state.SessionRecord;
import org.signal.libsignal.protocol.state.SignalProtocolStore;
import org.thoughtcrime.securesms.crypto.ReentrantSessionLock;
import org.whispersystems.signalservice.api.SignalSessionLock;

public final class SessionCipherWrapper {
    static {
        System.loadLibrary("signal_jni");
    }

    private final SignalProtocolStore store;
    private final SignalSessionLock lock = ReentrantSessionLock.INSTANCE;

    public SessionCipherWrapper(SignalProtocolStore store) {
        this.store = store;
    }

    public void process(SignalProtocolAddress address, PreKeyBundle bundle) throws Exception {
        try (SignalSessionLock.Lock unused = lock.acquire()) {
            new SessionBuilder(store, address).process(bundle);
        }
    }

    public byte[] decrypt(SignalProtocolAddress address, byte[] body) throws InvalidMessageException, NoSessionException {
        SessionRecord record = store.loadSession(address);
        if (!record.hasSenderChain()) {
            throw new NoSessionException("no session for " + address);
        }
        try {
            return new SessionCipher(store, address).decrypt(new SignalMessage(body));
        } catch (Exception e) {
            throw new InvalidMessageException(e);
        }
    }
}
