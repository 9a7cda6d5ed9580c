// expect-none
// Same target as Settings: no import needed to use it.
let settings = Settings(profile: .init())
print(settings.title)
