// Top-level build file.
plugins {
    alias(libs.plugins.android.application) apply false
    alias(libs.plugins.kotlin.android) apply false
}

buildscript {
    dependencies {
        classpath("com.google.gms:google-services:4.4.2")
    }
}

allprojects {
    repositories {
        // expect: libsession/oxen-rocks-artifacts
        maven(url = "https://oxen.rocks/session-foundation/libsession-util-android/maven") {
            content { includeGroup("org.sessionfoundation") }
        }
    }
}
