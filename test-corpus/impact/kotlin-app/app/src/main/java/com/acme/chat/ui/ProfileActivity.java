// expect-none
package com.acme.chat.ui;

// Java, same package as ProfileScreen: no import.
public final class ProfileActivity {
    private final ProfileScreen screen;

    public ProfileActivity(ProfileScreen screen) {
        this.screen = screen;
    }

    public String header() {
        return screen.title();
    }
}
