package org.example.messenger.compact

// expect: libsession/kotlin-binding-import, identity/kotlin-libsession-crypto
import network.loki.messenger.libsession_util.SessionEncrypt
// expect: libsession/kotlin-binding-import, identity/kotlin-libsession-crypto
import network.loki.messenger.libsession_util.ED25519
// expect: libsession/kotlin-binding-import, identity/kotlin-libsession-crypto
import network.loki.messenger.libsession_util.util.BlindKeyAPI
// expect: libsession/kotlin-binding-import, libsession/kotlin-config-wrapper
import network.loki.messenger.libsession_util.Namespace

// Several members on one line: the grammar needs help to see the rest of the file.
data class Keys(val pub: ByteArray, val sec: ByteArray) { override fun equals(other: Any?) = other is Keys && pub.contentEquals(other.pub); override fun hashCode() = pub.contentHashCode() }
class Flags { var debug = false; var verbose = false; fun reset() { debug = false; verbose = false } }
class Holder { val name = "compact"; val size = 2 }

object NativeBoot {
    // expect: libsession/kotlin-load-native
    init { System.loadLibrary("session_util") }
}

class CompactCrypto(private val keys: Keys) {
    // expect: identity/kotlin-libsession-crypto
    fun sign(message: ByteArray): ByteArray = ED25519.sign(keys.sec, message)

    fun open(ciphertext: ByteArray): ByteArray? =
        // expect: identity/kotlin-libsession-crypto
        runCatching { SessionEncrypt.decryptIncoming(keys.sec, ciphertext).first }.getOrNull()

    // expect: identity/kotlin-libsession-crypto
    fun blindedId(serverPubKey: String): String = BlindKeyAPI.blind15Ids(keys.pub.toHex(), serverPubKey).first()

    // expect: libsession/kotlin-config-wrapper
    fun contactsNamespace(): Int = Namespace.CONTACTS()

    private fun ByteArray.toHex(): String = joinToString("") { "%02x".format(it) }
}
