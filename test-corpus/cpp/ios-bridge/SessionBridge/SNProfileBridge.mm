// Objective-C++ bridge kept for the share extension, which still talks to the
// libsession C API directly instead of going through SessionUtil in Swift.
#import <Foundation/Foundation.h>
#import "SNProfileBridge.h"

// expect: libsession/cpp-config
#include <session/config/user_profile.h>
// expect: libsession/cpp-config
#include <session/config/convo_info_volatile.h>

@implementation SNProfileBridge {
    // expect: libsession/c-config-api
    config_object *_profile;
    // expect: libsession/c-config-api
    config_object *_conversations;
}

- (nullable instancetype)initWithSecretKey:(NSData *)secretKey dump:(nullable NSData *)dump {
    self = [super init];
    if (self) {
        char error[256];
        // expect: libsession/c-config-api
        if (user_profile_init(&_profile, (const unsigned char *)secretKey.bytes,
                              (const unsigned char *)dump.bytes, dump.length, error) != 0) {
            NSLog(@"profile init failed: %s", error);
            return nil;
        }
        // expect: libsession/c-config-api
        convo_info_volatile_init(&_conversations, (const unsigned char *)secretKey.bytes, NULL, 0, error);
    }
    return self;
}

- (void)dealloc {
    // expect: libsession/c-config-api
    config_free(_profile);
    // expect: libsession/c-config-api
    config_free(_conversations);
}

- (nullable NSString *)displayName {
    // expect: libsession/c-config-api
    const char *name = user_profile_get_name(_profile);
    return name ? [NSString stringWithUTF8String:name] : nil;
}

- (BOOL)markRead:(NSString *)sessionId timestamp:(int64_t)timestampMs {
    // expect: libsession/c-config-api
    convo_info_volatile_1to1 convo;
    // expect: libsession/c-config-api
    if (!convo_info_volatile_get_or_construct_1to1(_conversations, &convo, sessionId.UTF8String))
        return NO;
    convo.last_read = timestampMs;
    // expect: libsession/c-config-api
    convo_info_volatile_set_1to1(_conversations, &convo);
    return YES;
}

@end
