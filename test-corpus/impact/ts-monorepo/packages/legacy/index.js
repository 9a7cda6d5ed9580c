// The old CommonJS entry point: hands the SDK through unchanged.
// expect: sdk/session-js-import
module.exports = require('@session.js/client');
