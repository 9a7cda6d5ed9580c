package org.example.bridge;

import android.util.Log;

// expect: libsession/kotlin-binding-import
import static network.loki.messenger.libsession_util.Namespace.CONTACTS;

/**
 * Loads libsession-util's JNI library once per process, before any config
 * wrapper is touched, and logs the namespace it will poll.
 */
public final class NativeLoader {
    private static final String TAG = "NativeLoader";
    private static volatile boolean loaded;

    private NativeLoader() {}

    public static synchronized void ensureLoaded() {
        if (loaded) {
            return;
        }
        try {
            // expect: libsession/kotlin-load-native
            System.loadLibrary("session_util");
            loaded = true;
            Log.i(TAG, "libsession loaded, contacts namespace " + CONTACTS());
        } catch (UnsatisfiedLinkError e) {
            Log.e(TAG, "could not load libsession", e);
            throw e;
        }
    }
}
