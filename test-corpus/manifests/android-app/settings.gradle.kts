pluginManagement {
    repositories {
        google()
        mavenCentral()
        gradlePluginPortal()
    }
}

dependencyResolutionManagement {
    repositoriesMode.set(RepositoriesMode.FAIL_ON_PROJECT_REPOS)
    repositories {
        google()
        mavenCentral()
        maven {
            // expect: libsession/oxen-rocks-artifacts
            url = uri("https://oxen.rocks/session-foundation/libsession-util-android/maven")
            content {
                includeGroup("org.sessionfoundation")
            }
        }
        maven("https://jitpack.io")
    }
}

rootProject.name = "nebula-android"
include(":app")

// Build libsession-util-android from a local checkout when asked to.
val libsessionUtilProjectPath: String? = System.getProperty("session.libsession_util.project.path")
if (libsessionUtilProjectPath != null) {
    // expect: libsession/maven-libsession-util-android
    include(":libsession-util-android")
    // expect: libsession/maven-libsession-util-android
    project(":libsession-util-android").projectDir = file("$libsessionUtilProjectPath/library")
}
