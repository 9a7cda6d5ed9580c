package org.example.messenger.pro

// expect: libsession/kotlin-binding-import, pro/kotlin-libsession-pro
import network.loki.messenger.libsession_util.pro.BackendRequests
// expect: libsession/kotlin-binding-import, pro/kotlin-libsession-pro
import network.loki.messenger.libsession_util.pro.ProProof
// expect: libsession/kotlin-binding-import, protocol/kotlin-libsession-protocol
import network.loki.messenger.libsession_util.protocol.SessionProtocol
// expect: libsession/kotlin-binding-import, pro/kotlin-libsession-pro
import network.loki.messenger.libsession_util.protocol.ProMessageFeature
import okhttp3.OkHttpClient

class ProEntitlements(private val http: OkHttpClient) {

    fun statusRequest(masterKey: ByteArray, nowMs: Long): String =
        // expect: pro/kotlin-libsession-pro
        BackendRequests.buildGetProStatusRequest(masterKey, nowMs)

    // expect: pro/kotlin-libsession-pro
    fun isActive(proof: ProProof?, nowMs: Long): Boolean =
        proof != null && proof.expiryMs > nowMs

    fun encodeForFriend(plaintext: ByteArray, myKey: ByteArray, friend: String): ByteArray =
        // expect: protocol/kotlin-libsession-protocol
        SessionProtocol.encodeFor1o1(plaintext, myKey, System.currentTimeMillis(), friend, null)

    // expect: pro/kotlin-libsession-pro
    fun longMessages(): Set<ProMessageFeature> = setOf(ProMessageFeature.HIGHER_CHARACTER_LIMIT)
}
