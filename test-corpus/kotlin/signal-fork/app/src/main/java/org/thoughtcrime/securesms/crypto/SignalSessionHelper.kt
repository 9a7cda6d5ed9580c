// expect-none
// Signal Android lineage: org.thoughtcrime.securesms, libsignal's
// SessionCipher/SessionBuilder/SessionRecord and org.whispersystems are the
// Signal protocol's "sessions", not the Session messenger.
package org.thoughtcrime.securesms.crypto

import org.signal.libsignal.protocol.SessionBuilder
import org.signal.libsignal.protocol.SessionCipher
import org.signal.libsignal.protocol.SignalProtocolAddress
import org.signal.libsignal.protocol.message.CiphertextMessage
import org.signal.libsignal.protocol.state.PreKeyBundle
import org.signal.libsignal.protocol.state.SessionRecord
import org.signal.libsignal.protocol.state.SignalProtocolStore
import org.thoughtcrime.securesms.dependencies.AppDependencies
import org.whispersystems.signalservice.api.push.ServiceId

class SignalSessionHelper(private val store: SignalProtocolStore) {

    init {
        // libsignal's JNI library, not libsession's.
        System.loadLibrary("signal_jni")
    }

    fun hasSession(serviceId: ServiceId, deviceId: Int): Boolean {
        val address = SignalProtocolAddress(serviceId.toString(), deviceId)
        val record: SessionRecord = store.loadSession(address)
        return record.hasSenderChain()
    }

    fun startSession(address: SignalProtocolAddress, bundle: PreKeyBundle) {
        SessionBuilder(store, address).process(bundle)
        AppDependencies.jobManager.flush()
    }

    fun encrypt(address: SignalProtocolAddress, plaintext: ByteArray): CiphertextMessage =
        SessionCipher(store, address).encrypt(plaintext)

    fun archive(address: SignalProtocolAddress) {
        val session = store.loadSession(address); session.archiveCurrentState(); store.storeSession(address, session)
    }
}
