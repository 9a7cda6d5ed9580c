package org.example.bridge;

/**
 * Instrumentation tests load the JNI library by a name built from two
 * literals, so the full name never appears verbatim in this file.
 */
final class TestNativeLoader {
    private static final String PREFIX = "session_";

    private TestNativeLoader() {}

    static void load() {
        // expect: libsession/kotlin-load-native
        System.loadLibrary("session_" + "util");
    }

    static String describe() {
        return PREFIX + "loader";
    }
}
