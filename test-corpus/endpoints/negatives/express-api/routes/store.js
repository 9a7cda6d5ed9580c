// expect-none
// An Express shop API: generic route and method names that Session's storage RPC
// also uses (store, retrieve, info, batch, delete), without any Session context.

const express = require('express');
const session = require('express-session');

const router = express.Router();
router.use(session({ secret: process.env.SESSION_SECRET, resave: false }));

router.post('/api/v1/store', (req, res) => res.json({ ok: true, sessionId: req.sessionID }));
router.get('/api/v1/retrieve/:id', (req, res) => res.json({ id: req.params.id }));

const RPC_METHODS = ['store', 'retrieve', 'info', 'batch', 'delete', 'sequence'];

function dispatch(body) {
  if (!RPC_METHODS.includes(body.method)) throw new Error('unknown method');
  return { method: 'info', params: {} };
}

module.exports = { router, dispatch };
