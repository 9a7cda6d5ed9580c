// JNI glue for network.loki.messenger.libsession_util.UserProfile, as built by
// a fork of libsession-util-android.
#include <jni.h>

#include <optional>
#include <string>

// expect: libsession/cpp-config
#include <session/config/user_profile.hpp>

#include "jni_utils.h"
#include "util.h"

namespace {
// expect: libsession/cpp-config
session::config::UserProfile* ptr_to_profile(JNIEnv* env, jobject obj) {
    jclass cls = env->GetObjectClass(obj);
    jfieldID pointer_field = env->GetFieldID(cls, "pointer", "J");
    // expect: libsession/cpp-config
    return reinterpret_cast<session::config::UserProfile*>(env->GetLongField(obj, pointer_field));
}
}  // namespace

extern "C"
JNIEXPORT jstring JNICALL
// expect: libsession/jni-binding
Java_network_loki_messenger_libsession_1util_UserProfile_getName(JNIEnv* env, jobject thiz) {
    auto profile = ptr_to_profile(env, thiz);
    std::optional<std::string_view> name = profile->get_name();
    if (!name)
        return nullptr;
    return env->NewStringUTF(std::string{*name}.c_str());
}

extern "C"
JNIEXPORT void JNICALL
// expect: libsession/jni-binding
Java_network_loki_messenger_libsession_1util_UserProfile_setName(JNIEnv* env, jobject thiz, jstring new_name) {
    jni_utils::run_catching_cxx_exception_or_throws<void>(env, [=] {
        auto profile = ptr_to_profile(env, thiz);
        jni_utils::JavaStringRef name(env, new_name);
        profile->set_name(std::string{name.view()});
    });
}

extern "C"
JNIEXPORT jint JNICALL
// expect: libsession/jni-binding
Java_network_loki_messenger_libsession_1util_UserProfile_getNtsPriority(JNIEnv* env, jobject thiz) {
    return ptr_to_profile(env, thiz)->get_nts_priority();
}

extern "C"
JNIEXPORT jint JNICALL
// expect: libsession/jni-binding
Java_network_loki_messenger_libsession_1util_UserProfile_00024Companion_storageNamespace(JNIEnv* env, jobject thiz) {
    // expect: libsession/cpp-config
    return static_cast<jint>(session::config::Namespace::UserProfile);
}
