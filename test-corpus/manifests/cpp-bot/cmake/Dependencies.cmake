# Third-party dependencies fetched at configure time.
include(FetchContent)

# expect: libsession/cmake-libsession-util
FetchContent_Declare(
  libsession
  GIT_REPOSITORY https://github.com/session-foundation/libsession-util.git
  GIT_TAG        v1.2.0
  GIT_SHALLOW    ON
)

# expect: dependency/session-fork
FetchContent_Declare(oxenc
  GIT_REPOSITORY https://github.com/session-foundation/oxen-encoding.git
  GIT_TAG        v1.1.0)

FetchContent_Declare(
  nlohmann_json
  URL https://github.com/nlohmann/json/releases/download/v3.11.3/json.tar.xz
)

# Prebuilt static bundle for CI runners without a compiler cache.
# expect: libsession/cmake-libsession-util
FetchContent_Declare(
  libsession_prebuilt
  # expect: libsession/oxen-rocks-artifacts
  URL "https://oxen.rocks/session-foundation/libsession-util/dev/libsession-util-linux-amd64-latest.tar.xz"
)

FetchContent_MakeAvailable(oxenc nlohmann_json)
