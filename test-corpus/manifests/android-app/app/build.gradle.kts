plugins {
    alias(libs.plugins.android.application)
    alias(libs.plugins.kotlin.android)
}

android {
    namespace = "im.nebula.android"
    compileSdk = 35

    defaultConfig {
        applicationId = "im.nebula.android"
        minSdk = 26
        targetSdk = 35
        // Host strings in build scripts reach the endpoint rules too.
        // expect: file-server/host
        buildConfigField("String", "FILE_SERVER_URL", "\"http://filev2.getsession.org\"")
    }

    flavorDimensions += "distribution"
    productFlavors {
        create("play") { dimension = "distribution" }
        create("fdroid") { dimension = "distribution" }
    }
}

val useLocalLibsession = System.getProperty("session.libsession_util.project.path") != null

dependencies {
    if (useLocalLibsession) {
        // expect: libsession/maven-libsession-util-android
        implementation(project(":libsession-util-android"))
    } else {
        // expect: libsession/maven-libsession-util-android
        implementation(libs.libsession.util.android)
    }
    // Pinned build used by the release branch.
    // expect: libsession/maven-libsession-util-android
    "playImplementation"("org.sessionfoundation:libsession-util-android:1.1.0-10-g6de8072")

    // Media playback notifications: androidx "session", not Session.
    implementation(libs.androidx.media3.session)
    implementation("androidx.media3:media3-exoplayer:1.4.1")
    // Signal protocol for the new transport.
    implementation("org.signal:libsignal-android:0.52.0")
    implementation("org.matrix.rustcomponents:sdk-android:0.2.40")
    implementation(platform("com.google.firebase:firebase-bom:33.1.2"))
    implementation("com.google.firebase:firebase-messaging")
    testImplementation("junit:junit:4.13.2")
}
