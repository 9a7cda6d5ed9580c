package org.example.messenger.compact

import android.content.Context
import com.getkeepsafe.relinker.ReLinker

/** Loads native code through ReLinker, which survives broken APK installs. */
object NativeLibs {
    fun load(context: Context) {
        ReLinker.log { message -> android.util.Log.d("NativeLibs", message) }
            // expect: libsession/kotlin-load-native
            .loadLibrary(context, "session_util")
        // Our own library's name only contains the word.
        ReLinker.loadLibrary(context, "session_util_helpers")
    }
}
