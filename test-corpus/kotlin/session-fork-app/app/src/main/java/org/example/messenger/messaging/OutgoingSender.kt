package org.example.messenger.messaging

import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.launch
// expect: sdk/android-libsession-messaging
import org.session.libsession.messaging.messages.visible.VisibleMessage
// expect: sdk/android-libsession-messaging
import org.session.libsession.messaging.sending_receiving.MessageSender
// expect: sdk/android-libsession-messaging
import org.session.libsession.snode.SnodeAPI
// expect: sdk/android-libsession-utilities
import org.session.libsession.utilities.Address

/** Sends plain text to a Session account through the forked messaging module. */
class OutgoingSender(private val scope: CoroutineScope, private val sender: MessageSender) {

    fun sendText(to: String, body: String) {
        val message = VisibleMessage().apply { text = body; sentTimestamp = now() }
        scope.launch {
            sender.send(message, Address.fromSerialized(to))
        }
    }

    private fun now(): Long = SnodeAPI.nowWithOffset
}
