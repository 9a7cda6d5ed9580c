// Finds the libsession native addon both in development (node_modules) and in
// a packaged build, where electron-builder unpacks it out of app.asar.
const path = require('path');
const { app } = require('electron');

// expect: libsession/nodejs-addon-binary
const RELATIVE_ADDON = 'build/Release/' + 'libsession_util_nodejs';

function addonCandidates() {
  if (app.isPackaged) {
    return [
      // expect: libsession/nodejs-addon-binary
      `${process.resourcesPath}/app.asar.unpacked/node_modules/libsession_util_nodejs/build/Release/libsession_util_nodejs.node`,
    ];
  }
  return [
    path.join(__dirname, '..', 'node_modules', 'libsession_util_nodejs', `${RELATIVE_ADDON}.node`),
    // expect: libsession/nodejs-addon-binary
    path.join(__dirname, '..', '..', 'libsession-util-nodejs', 'build', 'Release', 'libsession_util_nodejs.node'),
  ];
}

// expect: libsession/nodejs-import
const libsession = require('libsession_util_nodejs');

function nameLimits() {
  return {
    // expect: libsession/nodejs-constants
    contact: libsession.CONSTANTS.CONTACT_MAX_NAME_LENGTH,
    // expect: libsession/nodejs-constants
    group: libsession.CONSTANTS.BASE_GROUP_MAX_NAME_LENGTH,
  };
}

function encryptForDevices(plaintext, senderEd25519Secret, recipients, domain) {
  // expect: libsession/nodejs-encryption
  return libsession.MultiEncryptWrapperNode.multiEncrypt({
    messages: [plaintext],
    recipients,
    ed25519SecretKey: senderEd25519Secret,
    domain,
  });
}

module.exports = { addonCandidates, nameLimits, encryptForDevices };
