// expect-none
#include <iostream>

#include <chatlib/profile_view.hpp>

int main() {
    unsigned char seed[64] = {0};
    chatlib::ProfileBridge bridge(seed);
    chatlib::ProfileView view(bridge);
    std::cout << view.title() << "\n";
}
