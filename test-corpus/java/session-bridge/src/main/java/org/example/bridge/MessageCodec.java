package org.example.bridge;

import com.google.protobuf.InvalidProtocolBufferException;

// expect: protocol/android-session-protos
import org.session.protos.SessionProtos;
// expect: sdk/android-libsession-messaging
import org.session.libsession.messaging.sending_receiving.MessageSender;
// expect: identity/android-session-libsignal
import org.session.libsignal.utilities.Hex;

/** Turns chat text into Session protobufs and Session envelopes. */
final class MessageCodec {
    private final MessageSender sender;

    MessageCodec(MessageSender sender) {
        this.sender = sender;
    }

    byte[] encodeText(String body, long sentAt) {
        SessionProtos.DataMessage data = SessionProtos.DataMessage.newBuilder()
                .setBody(body)
                .setTimestamp(sentAt)
                .build();
        return SessionProtos.Content.newBuilder().setDataMessage(data).build().toByteArray();
    }

    String bodyOf(byte[] content) throws InvalidProtocolBufferException {
        return SessionProtos.Content.parseFrom(content).getDataMessage().getBody();
    }

    byte[] envelopeFor(byte[] plaintext, byte[] ed25519SecretKey, String recipientHex) {
        // expect: libsession/kotlin-binding-import, protocol/kotlin-libsession-protocol
        return network.loki.messenger.libsession_util.protocol.SessionProtocol.INSTANCE.encodeFor1o1(
                plaintext, ed25519SecretKey, System.currentTimeMillis(), Hex.fromStringCondensed(recipientHex), null);
    }

    // A static field access through the fully qualified protos class.
    // expect: protocol/android-session-protos
    static final int CALL_OFFER = org.session.protos.SessionProtos.CallMessage.Type.OFFER_VALUE;
}
