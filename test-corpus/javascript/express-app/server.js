// expect-none
// Account dashboard. Sessions are cookie-backed and stored in Redis so the
// app can run behind a load balancer.
const express = require('express');
const session = require('express-session');
const RedisStore = require('connect-redis').default;
const { createClient } = require('redis');

const redis = createClient({ url: process.env.REDIS_URL });
redis.connect().catch(console.error);

const app = express();
app.use(express.json());
app.use(
  session({
    store: new RedisStore({ client: redis, prefix: 'dash:' }),
    secret: process.env.SESSION_SECRET,
    resave: false,
    saveUninitialized: false,
    cookie: { secure: true, maxAge: 1000 * 60 * 60 },
  }),
);

app.post('/login', async (req, res) => {
  const user = await findUser(req.body.email, req.body.password);
  if (!user) return res.status(401).end();
  req.session.regenerate((err) => {
    if (err) return res.status(500).end();
    req.session.userId = user.id;
    res.json({ ok: true });
  });
});

app.get('/me', (req, res) => {
  if (!req.session.userId) return res.status(401).json({ error: 'Session expired' });
  res.json({ id: req.session.userId });
});

app.post('/logout', (req, res) => req.session.destroy(() => res.status(204).end()));

async function findUser(email, password) {
  return email && password ? { id: 1 } : null;
}

module.exports = app;
