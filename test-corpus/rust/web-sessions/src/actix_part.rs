// expect-none
use actix_session::{storage::CookieSessionStore, Session, SessionMiddleware};
use actix_web::{cookie::Key, web, App, Error, HttpResponse};

/// Remembers the user's theme in the cookie session.
pub async fn set_theme(session: Session, theme: web::Path<String>) -> Result<HttpResponse, Error> {
    session.insert("theme", theme.into_inner())?;
    Ok(HttpResponse::Ok().finish())
}

pub fn app(key: Key) -> App<impl actix_web::dev::ServiceFactory<actix_web::dev::ServiceRequest, Config = (), Error = Error>> {
    App::new()
        .wrap(SessionMiddleware::new(CookieSessionStore::default(), key))
        .route("/theme/{name}", web::post().to(set_theme))
}
