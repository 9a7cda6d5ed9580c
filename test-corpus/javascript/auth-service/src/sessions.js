// expect-none
// Session handling for the auth service: SuperTokens issues access/refresh
// tokens, cookie-session keeps the CSRF state for the legacy pages.
const cookieSession = require('cookie-session');
const Session = require('supertokens-node/recipe/session');
const { verifySession } = require('supertokens-node/recipe/session/framework/express');
const FileStore = require('session-file-store')(require('express-session'));

const sessionRecipe = Session.init({
  cookieSameSite: 'lax',
  exposeAccessTokenToFrontendInCookieBasedAuth: true,
});

function legacyCookies() {
  return cookieSession({ name: 'legacy', keys: [process.env.COOKIE_KEY], maxAge: 24 * 60 * 60 * 1000 });
}

async function revokeAll(userId) {
  await Session.revokeAllSessionsForUser(userId);
}

module.exports = { sessionRecipe, legacyCookies, revokeAll, verifySession, FileStore };
